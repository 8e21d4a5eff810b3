package io.pulse.evidence.attachment.service;

import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.evidence.attachment.repository.AttachmentRepository;
import io.pulse.evidence.attachment.repository.AttachmentRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Removes the stored objects of an evidence item that is being deleted, in the deleting transaction. The attachment
 * rows go with the item (foreign key cascade); the objects are the store's to remove.
 */
@ApplicationScoped
public class AttachmentRemoval {

    private final AttachmentRepository attachments;
    private final AttachmentStore store;

    public AttachmentRemoval(AttachmentRepository attachments, AttachmentStore store) {
        this.attachments = attachments;
        this.store = store;
    }

    public Uni<Void> removeAllOf(SqlConnection conn, UUID userId, UUID evidenceId) {
        return attachments
                .ofEvidence(conn, evidenceId, userId)
                .chain(rows -> store.delete(
                        conn, userId, rows.stream().map(AttachmentRow::id).toList()));
    }
}
