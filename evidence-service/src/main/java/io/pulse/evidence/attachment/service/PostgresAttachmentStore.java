package io.pulse.evidence.attachment.service;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import io.pulse.common.db.RlsSession;
import io.pulse.evidence.attachment.api.ByteRange;
import io.pulse.evidence.attachment.repository.ChunkRepository;
import io.pulse.evidence.config.EvidenceConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.file.AsyncFile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The default {@link AttachmentStore}: objects as rows of {@code attachment_chunks} ({@code chunk-bytes} each, keyed
 * by byte offset) under row-level security, so no extra server is needed and only the owner's transactions see
 * them. Writes read the file a chunk at a time (non-blocking file I/O) and insert each chunk on the caller's
 * transaction; reads fetch one chunk per short transaction bound to the owner, as the consumer asks for it, so
 * neither direction holds more than a chunk or two in memory. Range reads start at the chunk holding the first byte.
 */
@ApplicationScoped
@Typed(PostgresAttachmentStore.class)
public class PostgresAttachmentStore implements AttachmentStore {

    private final Pool pool;
    private final ChunkRepository chunks;
    private final Vertx vertx;
    private final int chunkBytes;

    public PostgresAttachmentStore(Pool pool, ChunkRepository chunks, Vertx vertx, EvidenceConfig config) {
        this.pool = pool;
        this.chunks = chunks;
        this.vertx = vertx;
        this.chunkBytes = config.uploads().chunkBytes();
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Uni<Void> write(SqlConnection tx, ObjectKey key, Path file, long size) {
        return vertx.fileSystem()
                .open(
                        file.toString(),
                        new OpenOptions().setRead(true).setWrite(false).setCreate(false))
                .chain(handle -> writeChunks(tx, key, handle, size).eventually(handle::close));
    }

    private Uni<Void> writeChunks(SqlConnection tx, ObjectKey key, AsyncFile file, long size) {
        int count = (int) ((size + chunkBytes - 1) / chunkBytes);
        return Multi.createFrom()
                .range(0, count)
                .onItem()
                .transformToUniAndConcatenate(index -> {
                    long offset = (long) index * chunkBytes;
                    int length = (int) Math.min(chunkBytes, size - offset);
                    return file.read(Buffer.buffer(length), 0, offset, length).chain(data -> {
                        if (data.length() != length) {
                            return Uni.createFrom()
                                    .failure(new IllegalStateException("upload file shorter than its size"));
                        }
                        return chunks.insert(tx, key.objectId(), key.userId(), offset, data);
                    });
                })
                .collect()
                .last()
                .replaceWithVoid();
    }

    @Override
    public Multi<Buffer> read(ObjectKey key, ByteRange range) {
        // An empty buffer marks the end (and is not emitted): one more pull after the last chunk, without a query.
        return Multi.createBy()
                .repeating()
                .uni(
                        () -> new AtomicLong(range.first()),
                        next -> next.get() > range.last()
                                ? Uni.createFrom().item(Buffer.buffer())
                                : readAt(key, next, range.last()))
                .until(buffer -> buffer.length() == 0);
    }

    private Uni<Buffer> readAt(ObjectKey key, AtomicLong next, long last) {
        long position = next.get();
        return RlsSession.inTransaction(
                        pool, key.userId(), conn -> chunks.chunkAt(conn, key.objectId(), key.userId(), position))
                .map(chunk -> {
                    if (chunk == null || chunk.offset() + chunk.data().length() <= position) {
                        throw new IllegalStateException("object " + key.path() + " has no byte " + position);
                    }
                    int from = (int) (position - chunk.offset());
                    int to = (int) Math.min(chunk.data().length(), last - chunk.offset() + 1);
                    next.set(chunk.offset() + to);
                    return from == 0 && to == chunk.data().length()
                            ? chunk.data()
                            : chunk.data().getBuffer(from, to);
                });
    }

    @Override
    public Uni<Void> delete(SqlConnection tx, UUID userId, List<UUID> objectIds) {
        return objectIds.isEmpty() ? Uni.createFrom().voidItem() : chunks.delete(tx, objectIds, userId);
    }
}
