package io.pulse.evidence.attachment.service;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import io.pulse.evidence.attachment.api.ByteRange;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Where attachment bytes live. Callers never hold a whole file: bytes go in from a file on disk and come out as a
 * stream of chunks. The built-in store is PostgreSQL ({@link PostgresAttachmentStore}); another one (an
 * S3-compatible bucket, say) implements this interface and is selected with {@code pulse.evidence.storage.type}
 * ({@link AttachmentStoreProducer}), without touching the callers.
 *
 * <p>Writes and deletes receive the caller's transaction: a store inside the database uses it, so the bytes commit
 * or roll back with the attachment row and nothing is ever half-written. A store outside the database cannot join
 * the transaction; it must write before the row commits and delete only after (leaving, at worst, an unreferenced
 * object for a sweeper, never a row without its bytes).
 */
public interface AttachmentStore {

    /** The name recorded with each attachment ({@code evidence_attachments.store}). */
    String name();

    /** Stores the file's {@code size} bytes as the object. */
    Uni<Void> write(SqlConnection tx, ObjectKey key, Path file, long size);

    /** The object's bytes in the range, in order, a chunk at a time, read as the object's owner. */
    Multi<Buffer> read(ObjectKey key, ByteRange range);

    /** Deletes the user's objects. */
    Uni<Void> delete(SqlConnection tx, UUID userId, List<UUID> objectIds);
}
