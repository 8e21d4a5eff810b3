package io.pulse.evidence.evidence.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.evidence.EvidenceRow;
import io.pulse.common.evidence.EvidenceRows;
import io.pulse.common.evidence.PeriodClause;
import io.pulse.common.web.PagePosition;
import io.pulse.evidence.evidence.api.EvidenceFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads of {@code evidence} (writes go through {@link io.pulse.common.evidence.EvidenceWriter}). Every method runs on a connection whose transaction is bound to the caller
 * ({@link io.pulse.common.db.RlsSession}); the queries also filter by owner, so a row of another user is invisible
 * twice over.
 */
@ApplicationScoped
public class EvidenceRepository {

    private static final String LOCK_SQL =
            "select " + EvidenceRows.COLUMNS + " from evidence where id = $1 and user_id = $2 for update";

    private static final String FIND_SQL =
            "select " + EvidenceRows.COLUMNS + " from evidence where id = $1 and user_id = $2";

    /** The item, or null when it does not exist for this user. */
    public Uni<EvidenceRow> find(SqlConnection conn, UUID id, UUID userId) {
        return conn.preparedQuery(FIND_SQL).execute(Tuple.of(id, userId)).map(EvidenceRows::single);
    }

    /** The item locked for update until the transaction ends, or null when it does not exist for this user. */
    public Uni<EvidenceRow> lock(SqlConnection conn, UUID id, UUID userId) {
        return conn.preparedQuery(LOCK_SQL).execute(Tuple.of(id, userId)).map(EvidenceRows::single);
    }

    /** One page in listing order (occurred_at desc, id desc), up to {@code filter.limit() + 1} rows. */
    public Uni<List<EvidenceRow>> list(SqlConnection conn, UUID userId, EvidenceFilter filter) {
        StringBuilder sql = new StringBuilder("select " + EvidenceRows.COLUMNS + " from evidence where user_id = $1");
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
        if (filter.periodId() != null) {
            args.addUUID(filter.periodId());
            sql.append(PeriodClause.evidenceWithin("evidence", args.size()));
        }
        PagePosition after = filter.page().after();
        if (after != null) {
            args.addOffsetDateTime(utc(after.at()));
            args.addUUID(after.id());
            sql.append(" and (occurred_at, id) < ($")
                    .append(args.size() - 1)
                    .append(", $")
                    .append(args.size())
                    .append(')');
        }
        args.addInteger(filter.page().limit() + 1);
        sql.append(" order by occurred_at desc, id desc limit $").append(args.size());
        return conn.preparedQuery(sql.toString()).execute(args).map(EvidenceRows::all);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
