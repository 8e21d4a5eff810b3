package io.pulse.evidence.evidence.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.evidence.evidence.api.EvidenceFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL for {@code evidence}. Every method runs on a connection whose transaction is bound to the caller
 * ({@link io.pulse.common.db.RlsSession}); the queries also filter by owner, so a row of another user is invisible
 * twice over.
 */
@ApplicationScoped
public class EvidenceRepository {

    private static final String COLUMNS = "id, user_id, title, content, summary, source, source_id, source_url,"
            + " category, tags, ai_metadata, occurred_at, version, created_at, updated_at";

    private static final String INSERT_SQL = "insert into evidence"
            + " (id, user_id, title, content, source, source_url, category, tags, occurred_at)"
            + " values ($1, $2, $3, $4, 'manual', $5, $6, $7, $8) returning " + COLUMNS;

    private static final String LOCK_SQL =
            "select " + COLUMNS + " from evidence where id = $1 and user_id = $2 for update";

    private static final String FIND_SQL = "select " + COLUMNS + " from evidence where id = $1 and user_id = $2";

    private static final String UPDATE_SQL = "update evidence set title = $3, content = $4, source_url = $5,"
            + " category = $6, tags = $7, occurred_at = $8, version = version + 1"
            + " where id = $1 and user_id = $2 and version = $9 returning " + COLUMNS;

    private static final String DELETE_SQL =
            "delete from evidence where id = $1 and user_id = $2 and version = $3 returning " + COLUMNS;

    public Uni<EvidenceRow> insert(SqlConnection conn, UUID id, UUID userId, EvidenceFields fields) {
        Tuple args = Tuple.tuple()
                .addUUID(id)
                .addUUID(userId)
                .addString(fields.title())
                .addString(fields.content())
                .addString(fields.sourceUrl())
                .addString(fields.category())
                .addArrayOfString(fields.tags().toArray(String[]::new))
                .addOffsetDateTime(utc(fields.occurredAt()));
        return conn.preparedQuery(INSERT_SQL).execute(args).map(EvidenceRepository::single);
    }

    /** The item, or null when it does not exist for this user. */
    public Uni<EvidenceRow> find(SqlConnection conn, UUID id, UUID userId) {
        return conn.preparedQuery(FIND_SQL).execute(Tuple.of(id, userId)).map(EvidenceRepository::single);
    }

    /** The item locked for update until the transaction ends, or null when it does not exist for this user. */
    public Uni<EvidenceRow> lock(SqlConnection conn, UUID id, UUID userId) {
        return conn.preparedQuery(LOCK_SQL).execute(Tuple.of(id, userId)).map(EvidenceRepository::single);
    }

    /** Writes the fields and bumps the version, if the version is still {@code expectedVersion}; else null. */
    public Uni<EvidenceRow> update(
            SqlConnection conn, UUID id, UUID userId, long expectedVersion, EvidenceFields fields) {
        Tuple args = Tuple.tuple()
                .addUUID(id)
                .addUUID(userId)
                .addString(fields.title())
                .addString(fields.content())
                .addString(fields.sourceUrl())
                .addString(fields.category())
                .addArrayOfString(fields.tags().toArray(String[]::new))
                .addOffsetDateTime(utc(fields.occurredAt()))
                .addLong(expectedVersion);
        return conn.preparedQuery(UPDATE_SQL).execute(args).map(EvidenceRepository::single);
    }

    /** Deletes the item if its version is still {@code expectedVersion}; returns the deleted row or null. */
    public Uni<EvidenceRow> delete(SqlConnection conn, UUID id, UUID userId, long expectedVersion) {
        return conn.preparedQuery(DELETE_SQL)
                .execute(Tuple.of(id, userId, expectedVersion))
                .map(EvidenceRepository::single);
    }

    /** One page in listing order (occurred_at desc, id desc), up to {@code filter.limit() + 1} rows. */
    public Uni<List<EvidenceRow>> list(SqlConnection conn, UUID userId, EvidenceFilter filter) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from evidence where user_id = $1");
        Tuple args = Tuple.tuple().addUUID(userId);
        if (filter.source() != null) {
            args.addString(filter.source());
            sql.append(" and source = $").append(args.size());
        }
        if (filter.category() != null) {
            args.addString(filter.category());
            sql.append(" and category = $").append(args.size());
        }
        if (!filter.tags().isEmpty()) {
            args.addArrayOfString(filter.tags().toArray(String[]::new));
            sql.append(" and tags @> $").append(args.size());
        }
        if (filter.from() != null) {
            args.addOffsetDateTime(utc(filter.from()));
            sql.append(" and occurred_at >= $").append(args.size());
        }
        if (filter.to() != null) {
            args.addOffsetDateTime(utc(filter.to()));
            sql.append(" and occurred_at < $").append(args.size());
        }
        if (filter.text() != null) {
            args.addString("%" + escapeLike(filter.text()) + "%");
            int n = args.size();
            sql.append(" and (title ilike $")
                    .append(n)
                    .append(" escape '\\' or content ilike $")
                    .append(n)
                    .append(" escape '\\')");
        }
        if (filter.after() != null) {
            args.addOffsetDateTime(utc(filter.after().occurredAt()));
            args.addUUID(filter.after().id());
            sql.append(" and (occurred_at, id) < ($")
                    .append(args.size() - 1)
                    .append(", $")
                    .append(args.size())
                    .append(')');
        }
        args.addInteger(filter.limit() + 1);
        sql.append(" order by occurred_at desc, id desc limit $").append(args.size());
        return conn.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<EvidenceRow> out = new ArrayList<>();
            rows.forEach(row -> out.add(map(row)));
            return out;
        });
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static EvidenceRow single(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? map(it.next()) : null;
    }

    private static EvidenceRow map(Row row) {
        String[] tags = row.getArrayOfStrings("tags");
        JsonObject ai = row.getJsonObject("ai_metadata");
        Map<String, Object> aiMetadata = ai == null ? Map.of() : ai.getMap();
        return new EvidenceRow(
                row.getUUID("id"),
                row.getUUID("user_id"),
                row.getString("title"),
                row.getString("content"),
                row.getString("summary"),
                row.getString("source"),
                row.getString("source_id"),
                row.getString("source_url"),
                row.getString("category"),
                tags == null ? List.of() : Arrays.asList(tags),
                aiMetadata,
                row.getOffsetDateTime("occurred_at").toInstant(),
                row.getLong("version"),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }
}
