package io.pulse.evidence.attachment.service;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.RlsSession;
import io.pulse.common.evidence.EvidenceFields;
import io.pulse.common.evidence.EvidenceWriter;
import io.pulse.common.security.CurrentUser;
import io.pulse.evidence.attachment.api.IncomingFile;
import io.pulse.evidence.attachment.api.UploadResult;
import io.pulse.evidence.attachment.mapping.AttachmentMapper;
import io.pulse.evidence.attachment.repository.AttachmentRepository;
import io.pulse.evidence.attachment.repository.AttachmentRow;
import io.pulse.evidence.config.EvidenceConfig;
import io.pulse.evidence.evidence.mapping.EvidenceMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Documents become evidence: each file is checked and its text extracted (nothing written yet), then one transaction
 * bound to the caller creates, per file, an evidence item with {@code source = upload} through {@link EvidenceWriter}
 * (so its {@code evidence.created} event reaches enrichment like any manual item), the attachment row and the stored
 * bytes. Either every file of the request is stored or none is.
 */
@ApplicationScoped
public class UploadService {

    private final Pool pool;
    private final FilePreparation preparation;
    private final EvidenceWriter writer;
    private final AttachmentRepository attachments;
    private final AttachmentStore store;
    private final EvidenceConfig.Uploads limits;
    private final Clock clock = Clock.systemUTC();

    public UploadService(
            Pool pool,
            FilePreparation preparation,
            EvidenceWriter writer,
            AttachmentRepository attachments,
            AttachmentStore store,
            EvidenceConfig config) {
        this.pool = pool;
        this.preparation = preparation;
        this.writer = writer;
        this.attachments = attachments;
        this.store = store;
        this.limits = config.uploads();
    }

    public Uni<UploadResult> upload(CurrentUser user, List<IncomingFile> files) {
        return preparation
                .prepare(files, true)
                .chain(prepared -> RlsSession.inTransaction(
                        pool,
                        user.id(),
                        conn -> Multi.createFrom()
                                .iterable(prepared)
                                .onItem()
                                .transformToUniAndConcatenate(file -> store(conn, user.id(), file))
                                .collect()
                                .asList()))
                .map(UploadResult::new);
    }

    private Uni<UploadResult.Item> store(SqlConnection conn, UUID userId, Prepared file) {
        UUID evidenceId = UUID.randomUUID();
        ObjectKey key = new ObjectKey(userId, UUID.randomUUID());
        Extraction text = file.extraction();
        EvidenceFields fields = new EvidenceFields(
                UploadContent.title(text.title(), file.file().name()),
                UploadContent.content(text, limits.maxTextChars(), limits.extractionTimeout()),
                null,
                List.of(),
                null,
                UploadContent.occurredAt(text.created(), clock));
        AttachmentRow row = Attachments.row(key, evidenceId, file, store.name());
        return writer.createUpload(
                        conn, evidenceId, userId, fields, List.of(AttachmentMapper.href(evidenceId, key.objectId())))
                .chain(evidence -> attachments
                        .insert(conn, row)
                        .call(() -> store.write(
                                conn, key, file.file().path(), file.file().size()))
                        .map(attachment -> new UploadResult.Item(
                                EvidenceMapper.view(evidence),
                                AttachmentMapper.view(attachment),
                                UploadContent.truncated(text))));
    }
}
