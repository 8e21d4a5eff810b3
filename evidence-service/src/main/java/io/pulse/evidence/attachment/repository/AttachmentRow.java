package io.pulse.evidence.attachment.repository;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code evidence_attachments}. */
public record AttachmentRow(
        UUID id,
        UUID userId,
        UUID evidenceId,
        String fileName,
        String contentType,
        long sizeBytes,
        String sha256,
        String store,
        String objectKey,
        Instant createdAt) {}
