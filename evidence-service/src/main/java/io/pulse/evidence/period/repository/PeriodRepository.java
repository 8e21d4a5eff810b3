package io.pulse.evidence.period.repository;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.web.PagePosition;
import io.pulse.evidence.period.api.PeriodView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL of {@code review_periods}, on a connection bound to the caller (row-level security); every query also names
 * the owner, so a manager's shared-packet access never shows up in their own lists.
 */
@ApplicationScoped
public class PeriodRepository {

    private static final String COLUMNS = "id, name, start_date, end_date, created_at, updated_at";

    private static final String INSERT_SQL = "insert into review_periods (id, user_id, name, start_date, end_date)"
            + " values ($1, $2, $3, $4, $5) returning " + COLUMNS;

    private static final String FIND_SQL = "select " + COLUMNS + " from review_periods where id = $1 and user_id = $2";

    private static final String BY_NAME_SQL =
            "select " + COLUMNS + " from review_periods where lower(name) = lower($1) and user_id = $2";

    private static final String UPDATE_SQL = "update review_periods set name = $3, start_date = $4, end_date = $5"
            + " where id = $1 and user_id = $2 returning " + COLUMNS;

    private static final String DELETE_SQL = "delete from review_periods where id = $1 and user_id = $2 returning id";

    public Uni<PeriodView> insert(
            SqlConnection conn, UUID userId, UUID id, String name, LocalDate start, LocalDate end) {
        return conn.preparedQuery(INSERT_SQL)
                .execute(Tuple.of(id, userId, name, start, end))
                .map(PeriodRepository::single);
    }

    /** The period, or null when the caller has none with this id. */
    public Uni<PeriodView> find(SqlConnection conn, UUID userId, UUID id) {
        return conn.preparedQuery(FIND_SQL).execute(Tuple.of(id, userId)).map(PeriodRepository::single);
    }

    /** The period with this name (case-insensitive), or null. */
    public Uni<PeriodView> findByName(SqlConnection conn, UUID userId, String name) {
        return conn.preparedQuery(BY_NAME_SQL).execute(Tuple.of(name, userId)).map(PeriodRepository::single);
    }

    public Uni<PeriodView> update(
            SqlConnection conn, UUID userId, UUID id, String name, LocalDate start, LocalDate end) {
        return conn.preparedQuery(UPDATE_SQL)
                .execute(Tuple.of(id, userId, name, start, end))
                .map(PeriodRepository::single);
    }

    /** Whether a period was deleted (its goals, packet and shares of the packet go with it). */
    public Uni<Boolean> delete(SqlConnection conn, UUID userId, UUID id) {
        return conn.preparedQuery(DELETE_SQL).execute(Tuple.of(id, userId)).map(rows -> rows.size() > 0);
    }

    /** One page, latest start first (start_date desc, id desc), up to {@code limit + 1} rows. */
    public Uni<List<PeriodView>> list(SqlConnection conn, UUID userId, PagePosition after, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from review_periods where user_id = $1");
        Tuple args = Tuple.tuple().addUUID(userId);
        if (after != null) {
            args.addLocalDate(after.at().atOffset(ZoneOffset.UTC).toLocalDate()).addUUID(after.id());
            sql.append(" and (start_date, id) < ($2, $3)");
        }
        args.addInteger(limit + 1);
        sql.append(" order by start_date desc, id desc limit $").append(args.size());
        return conn.preparedQuery(sql.toString()).execute(args).map(PeriodRepository::all);
    }

    /** The page position of a period in the listing order. */
    public static PagePosition position(PeriodView period) {
        return new PagePosition(period.startDate().atStartOfDay(ZoneOffset.UTC).toInstant(), period.id());
    }

    static PeriodView map(Row row) {
        return new PeriodView(
                row.getUUID("id"),
                row.getString("name"),
                row.getLocalDate("start_date"),
                row.getLocalDate("end_date"),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }

    private static PeriodView single(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? map(it.next()) : null;
    }

    private static List<PeriodView> all(RowSet<Row> rows) {
        List<PeriodView> out = new ArrayList<>();
        rows.forEach(row -> out.add(map(row)));
        return out;
    }
}
