package io.pulse.evidence.attachment.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A file attached to an evidence item. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Attachment", description = "A file attached to an evidence item")
public record AttachmentView(
        UUID id,
        UUID evidenceId,

        @Schema(description = "The sanitised file name, also used in Content-Disposition")
        String fileName,

        @Schema(description = "Detected from the file's bytes, never taken from the client")
        String contentType,

        long sizeBytes,

        @Schema(description = "Hex SHA-256 of the bytes; the download's ETag is this value in quotes")
        String sha256,

        @Schema(description = "Download path; the evidence item's `attachments` lists these")
        String href,

        Instant createdAt) {}
