package io.pulse.evidence.export.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL of {@code data_exports}, and the reads an archive is written from, on a connection bound to the owner
 * (row-level security) and naming the owner in every query.
 */
@ApplicationScoped
public class ExportRepository {

    /** An export row. */
    public record ExportRow(UUID id, Instant createdAt, Instant expiresAt) {}

    /** An attached file of the owner's. */
    public record StoredFile(UUID id, UUID evidenceId, String fileName) {}

    private static final String INSERT_SQL = "insert into data_exports (id, user_id, expires_at) values ($1, $2, $3)"
            + " returning id, created_at, expires_at";

    private static final String FIND_SQL =
            "select id, created_at, expires_at from data_exports where id = $1 and user_id = $2";

    private static final String FILES_SQL =
            "select id, evidence_id, file_name from evidence_attachments" + " where user_id = $1 order by id";

    private static final String CHUNKS_SQL = "select byte_offset, data from attachment_chunks"
            + " where attachment_id = $1 and user_id = $2 and byte_offset >= $3 order by byte_offset limit $4";

    public Uni<ExportRow> insert(SqlConnection conn, UUID userId, Instant expiresAt) {
        return conn.preparedQuery(INSERT_SQL)
                .execute(Tuple.of(UUID.randomUUID(), userId, expiresAt.atOffset(ZoneOffset.UTC)))
                .map(rows -> row(rows.iterator().next()));
    }

    /** The export, or null when the caller has none with this id. */
    public Uni<ExportRow> find(SqlConnection conn, UUID userId, UUID id) {
        return conn.preparedQuery(FIND_SQL).execute(Tuple.of(id, userId)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? row(it.next()) : null;
        });
    }

    /**
     * One page of a table's rows of the owner as JSON text, ordered by id after {@code afterId} (null: from the
     * start); a table without an id comes whole.
     */
    public Uni<List<Page.Line>> page(SqlConnection conn, ExportTable table, UUID userId, UUID afterId, int limit) {
        StringBuilder json = new StringBuilder("to_jsonb(t)");
        table.omitted().forEach(column -> json.append(" - '").append(column).append('\''));
        StringBuilder sql = new StringBuilder("select (")
                .append(json)
                .append(")::text as line")
                .append(table.paged() ? ", t.id" : "")
                .append(" from ")
                .append(table.table())
                .append(" t where t.")
                .append(table.ownerColumn())
                .append(" = $1");
        Tuple args = Tuple.tuple().addUUID(userId);
        if (table.paged()) {
            if (afterId != null) {
                args.addUUID(afterId);
                sql.append(" and t.id > $2");
            }
            args.addInteger(limit);
            sql.append(" order by t.id limit $").append(args.size());
        }
        return conn.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<Page.Line> lines = new ArrayList<>();
            for (Row row : rows) {
                lines.add(new Page.Line(row.getString("line"), table.paged() ? row.getUUID("id") : null));
            }
            return lines;
        });
    }

    public Uni<List<StoredFile>> files(SqlConnection conn, UUID userId) {
        return conn.preparedQuery(FILES_SQL).execute(Tuple.of(userId)).map(rows -> {
            List<StoredFile> out = new ArrayList<>();
            rows.forEach(
                    r -> out.add(new StoredFile(r.getUUID("id"), r.getUUID("evidence_id"), r.getString("file_name"))));
            return out;
        });
    }

    /** Up to {@code limit} chunks of a file from {@code offset}, in order. */
    public Uni<List<Chunk>> chunks(SqlConnection conn, UUID userId, UUID fileId, long offset, int limit) {
        return conn.preparedQuery(CHUNKS_SQL)
                .execute(Tuple.of(fileId, userId, offset, limit))
                .map(rows -> {
                    List<Chunk> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Chunk(r.getLong("byte_offset"), r.getBuffer("data"))));
                    return out;
                });
    }

    /** A chunk of a stored file. */
    public record Chunk(long offset, Buffer data) {}

    /** Rows of a page. */
    public static final class Page {
        private Page() {}

        /** A row's JSON and its id (null for tables read whole). */
        public record Line(String json, UUID id) {}
    }

    private static ExportRow row(Row row) {
        return new ExportRow(
                row.getUUID("id"),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("expires_at").toInstant());
    }
}
