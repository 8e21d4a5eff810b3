package io.pulse.evidence.goal.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.evidence.review.api.Citation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * SQL of {@code goals} and {@code goal_evidence}, on a connection bound to the caller (row-level security); every
 * query also names the owner.
 */
@ApplicationScoped
public class GoalRepository {

    private static final String COLUMNS = "id, period_id, title, description, status, target_value, current_value,"
            + " target_unit, created_at, updated_at";

    private static final String INSERT_SQL = "insert into goals (id, user_id, period_id, title, description, status,"
            + " target_value, current_value, target_unit) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning "
            + COLUMNS;

    private static final String REPLACE_SQL = "update goals set title = $4, description = $5, status = $6,"
            + " target_value = $7, current_value = $8, target_unit = $9"
            + " where id = $1 and user_id = $2 and period_id = $3 returning " + COLUMNS;

    private static final String FIND_SQL = "select " + COLUMNS + " from goals where id = $1 and user_id = $2";

    private static final String OF_PERIOD_SQL =
            "select " + COLUMNS + " from goals where period_id = $1 and user_id = $2 order by created_at, id";

    private static final String COUNT_OF_PERIOD_SQL =
            "select count(*) from goals where period_id = $1 and user_id = $2";

    private static final String DELETE_SQL = "delete from goals where id = $1 and user_id = $2 returning id";

    private static final String LINK_SQL =
            "insert into goal_evidence (goal_id, evidence_id, user_id)" + " values ($1, $2, $3) on conflict do nothing";

    private static final String UNLINK_SQL =
            "delete from goal_evidence where goal_id = $1 and evidence_id = $2 and user_id = $3";

    private static final String COUNT_LINKED_SQL =
            "select count(*) from goal_evidence where goal_id = $1 and user_id = $2";

    private static final String LINKED_SQL = "select ge.goal_id, e.id, e.title, e.source, e.source_url, e.occurred_at"
            + " from goal_evidence ge join evidence e on e.id = ge.evidence_id and e.user_id = ge.user_id"
            + " where ge.user_id = $1 and ge.goal_id = any($2) order by e.occurred_at desc, e.id desc";

    public Uni<GoalRow> insert(SqlConnection conn, UUID userId, GoalRow goal) {
        return conn.preparedQuery(INSERT_SQL).execute(args(goal, userId)).map(GoalRepository::single);
    }

    /** Replaces the goal's fields; null when the caller has no such goal. */
    public Uni<GoalRow> replace(SqlConnection conn, UUID userId, GoalRow goal) {
        return conn.preparedQuery(REPLACE_SQL).execute(args(goal, userId)).map(GoalRepository::single);
    }

    public Uni<GoalRow> find(SqlConnection conn, UUID userId, UUID id) {
        return conn.preparedQuery(FIND_SQL).execute(Tuple.of(id, userId)).map(GoalRepository::single);
    }

    public Uni<List<GoalRow>> ofPeriod(SqlConnection conn, UUID userId, UUID periodId) {
        return conn.preparedQuery(OF_PERIOD_SQL)
                .execute(Tuple.of(periodId, userId))
                .map(rows -> {
                    List<GoalRow> out = new ArrayList<>();
                    rows.forEach(row -> out.add(map(row)));
                    return out;
                });
    }

    public Uni<Long> countOfPeriod(SqlConnection conn, UUID userId, UUID periodId) {
        return conn.preparedQuery(COUNT_OF_PERIOD_SQL)
                .execute(Tuple.of(periodId, userId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Boolean> delete(SqlConnection conn, UUID userId, UUID id) {
        return conn.preparedQuery(DELETE_SQL).execute(Tuple.of(id, userId)).map(rows -> rows.size() > 0);
    }

    /** Links the item (idempotent); the composite foreign key refuses another user's item. */
    public Uni<Void> link(SqlConnection conn, UUID userId, UUID goalId, UUID evidenceId) {
        return conn.preparedQuery(LINK_SQL)
                .execute(Tuple.of(goalId, evidenceId, userId))
                .replaceWithVoid();
    }

    public Uni<Void> unlink(SqlConnection conn, UUID userId, UUID goalId, UUID evidenceId) {
        return conn.preparedQuery(UNLINK_SQL)
                .execute(Tuple.of(goalId, evidenceId, userId))
                .replaceWithVoid();
    }

    public Uni<Long> countLinked(SqlConnection conn, UUID userId, UUID goalId) {
        return conn.preparedQuery(COUNT_LINKED_SQL)
                .execute(Tuple.of(goalId, userId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The evidence linked to each of the goals, newest work first. */
    public Uni<Map<UUID, List<Citation>>> linked(SqlConnection conn, UUID userId, List<UUID> goalIds) {
        return conn.preparedQuery(LINKED_SQL)
                .execute(Tuple.of(userId, goalIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<Citation>> out = new LinkedHashMap<>();
                    for (Row row : rows) {
                        out.computeIfAbsent(row.getUUID("goal_id"), id -> new ArrayList<>())
                                .add(new Citation(
                                        row.getUUID("id"),
                                        row.getString("title"),
                                        row.getString("source"),
                                        row.getString("source_url"),
                                        row.getOffsetDateTime("occurred_at").toInstant()));
                    }
                    return out;
                });
    }

    private static Tuple args(GoalRow goal, UUID userId) {
        return Tuple.tuple()
                .addUUID(goal.id())
                .addUUID(userId)
                .addUUID(goal.periodId())
                .addString(goal.title())
                .addString(goal.description())
                .addString(goal.status())
                .addValue(goal.targetValue())
                .addValue(goal.currentValue())
                .addString(goal.targetUnit());
    }

    private static GoalRow map(Row row) {
        return new GoalRow(
                row.getUUID("id"),
                row.getUUID("period_id"),
                row.getString("title"),
                row.getString("description"),
                row.getString("status"),
                row.getBigDecimal("target_value"),
                row.getBigDecimal("current_value"),
                row.getString("target_unit"),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }

    private static GoalRow single(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? map(it.next()) : null;
    }
}
