package io.pulse.evidence.attachment.service;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.evidence.attachment.api.IncomingFile;
import io.pulse.evidence.config.EvidenceConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Everything about a request's files that happens before the database: the request checks, then, one file after the
 * other, the byte inspection (a worker thread) and, for uploads, text extraction (its own time-boxed pool). Any
 * failure ends the request before anything is written.
 */
@ApplicationScoped
public class FilePreparation {

    private final FileInspector inspector;
    private final TextExtractor extractor;
    private final EvidenceConfig.Uploads limits;

    public FilePreparation(FileInspector inspector, TextExtractor extractor, EvidenceConfig config) {
        this.inspector = inspector;
        this.extractor = extractor;
        this.limits = config.uploads();
    }

    Uni<List<Prepared>> prepare(List<IncomingFile> files, boolean extractText) {
        return Uni.createFrom()
                .item(() -> UploadChecks.check(files, limits))
                .onItem()
                .transformToMulti(checked -> Multi.createFrom().iterable(checked))
                .onItem()
                .transformToUniAndConcatenate(file -> Uni.createFrom()
                        .item(() -> inspector.inspect(file))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .chain(inspection -> extractText
                                ? extractor
                                        .extract(file, inspection.contentType())
                                        .map(text -> new Prepared(file, inspection, text))
                                : Uni.createFrom().item(new Prepared(file, inspection, Extraction.none()))))
                .collect()
                .asList();
    }
}
