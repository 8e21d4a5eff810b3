package io.pulse.evidence.attachment.service;

import java.util.UUID;

import io.pulse.evidence.attachment.repository.AttachmentRow;

/** The attachment row of a prepared file. */
final class Attachments {

    private Attachments() {}

    static AttachmentRow row(ObjectKey key, UUID evidenceId, Prepared file, String store) {
        return new AttachmentRow(
                key.objectId(),
                key.userId(),
                evidenceId,
                file.file().name(),
                file.inspection().contentType(),
                file.file().size(),
                file.inspection().sha256(),
                store,
                key.path(),
                null);
    }
}
