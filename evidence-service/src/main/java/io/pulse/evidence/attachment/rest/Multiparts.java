package io.pulse.evidence.attachment.rest;

import java.util.List;
import java.util.Locale;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.pulse.common.web.ApiException;
import io.pulse.evidence.attachment.api.IncomingFile;

/** The files of a multipart request, as the services take them. */
final class Multiparts {

    /** The part name that carries files. */
    static final String FILES = "files";

    private Multiparts() {}

    /**
     * The request's files; 415 when the request is not {@code multipart/form-data} (the endpoints declare no
     * {@code @Consumes}, so the role check answers before the media type does, as on every other endpoint).
     */
    static List<IncomingFile> files(String contentType, List<FileUpload> uploads) {
        if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException(
                    415, "Unsupported Media Type", "Send the files as multipart/form-data, one part named files each");
        }
        return uploads == null
                ? List.of()
                : uploads.stream()
                        .map(upload -> new IncomingFile(upload.fileName(), upload.uploadedFile(), upload.size()))
                        .toList();
    }
}
