package io.pulse.evidence.attachment.mapping;

import java.util.UUID;

import io.pulse.evidence.attachment.api.AttachmentView;
import io.pulse.evidence.attachment.repository.AttachmentRow;

/** The one mapping of attachment rows to API views, and of an attachment to its reference. */
public final class AttachmentMapper {

    private AttachmentMapper() {}

    public static AttachmentView view(AttachmentRow row) {
        return new AttachmentView(
                row.id(),
                row.evidenceId(),
                row.fileName(),
                row.contentType(),
                row.sizeBytes(),
                row.sha256(),
                href(row.evidenceId(), row.id()),
                row.createdAt());
    }

    /** The attachment's download path: what the evidence item's {@code attachments} column lists. */
    public static String href(UUID evidenceId, UUID attachmentId) {
        return "/api/v1/evidence/" + evidenceId + "/attachments/" + attachmentId;
    }
}
