package io.pulse.evidence.attachment.repository;

import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL of {@code attachment_chunks}, the PostgreSQL object store: an object is its bytes in chunks keyed by byte
 * offset. Runs on a connection bound to the owner (row-level security); every query also names the owner.
 */
@ApplicationScoped
public class ChunkRepository {

    private static final String INSERT_SQL =
            "insert into attachment_chunks (attachment_id, byte_offset, user_id, data) values ($1, $2, $3, $4)";

    // The chunk holding the byte at $3: the last one starting at or before it (primary key, read backwards).
    private static final String CHUNK_AT_SQL = "select byte_offset, data from attachment_chunks"
            + " where attachment_id = $1 and user_id = $2 and byte_offset <= $3 order by byte_offset desc limit 1";

    private static final String DELETE_SQL =
            "delete from attachment_chunks where attachment_id = any($1) and user_id = $2";

    /** A chunk and where it starts in its object. */
    public record Chunk(long offset, Buffer data) {}

    public Uni<Void> insert(SqlConnection conn, UUID objectId, UUID userId, long offset, Buffer data) {
        return conn.preparedQuery(INSERT_SQL)
                .execute(Tuple.tuple()
                        .addUUID(objectId)
                        .addLong(offset)
                        .addUUID(userId)
                        .addBuffer(data))
                .replaceWithVoid();
    }

    /** The chunk that holds the byte at {@code offset}, or null when the object has none (or is not the user's). */
    public Uni<Chunk> chunkAt(SqlConnection conn, UUID objectId, UUID userId, long offset) {
        return conn.preparedQuery(CHUNK_AT_SQL)
                .execute(Tuple.of(objectId, userId, offset))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    var row = it.next();
                    return new Chunk(row.getLong("byte_offset"), row.getBuffer("data"));
                });
    }

    public Uni<Void> delete(SqlConnection conn, List<UUID> objectIds, UUID userId) {
        return conn.preparedQuery(DELETE_SQL)
                .execute(Tuple.of(objectIds.toArray(UUID[]::new), userId))
                .replaceWithVoid();
    }
}
