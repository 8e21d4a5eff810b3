package io.pulse.insight.insights.repository;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.web.PagePosition;
import io.pulse.common.web.PageRequest;
import io.pulse.insight.insights.api.GenerationRequestView;
import io.pulse.insight.insights.mapping.GenerationRequestMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of {@code insight_generation_requests}: written by the service role only (a request cannot forge an
 * outcome), read by the owner through the request role. Every statement is scoped by the owner's id as well.
 */
@ApplicationScoped
public class GenerationRequestRepository {

    private static final String COLUMNS = "id, user_id, status, trigger, period_start, period_end, generator,"
            + " fallback, reason, llm_error, insights_created, insights_updated, insights_retired, requested_at,"
            + " completed_at";
    private static final String INSERT_SQL = "insert into insight_generation_requests (id, user_id, period_start,"
            + " period_end, trigger) select * from unnest($1::uuid[], $2::uuid[], $3::date[], $4::date[],"
            + " $5::text[]) returning " + COLUMNS;
    private static final String FINISH_SQL = "update insight_generation_requests set status = $3, generator = $4,"
            + " fallback = $5, reason = $6, llm_error = $7, insights_created = $8, insights_updated = $9,"
            + " insights_retired = $10, completed_at = now()"
            + " where id = $1 and user_id = $2 and status = 'pending' returning " + COLUMNS;

    /** A request to queue. */
    public record NewRequest(UUID id, UUID userId, LocalDate periodStart, LocalDate periodEnd, String trigger) {}

    /**
     * How a request ended.
     *
     * @param status {@code completed} or {@code failed}
     */
    public record Outcome(
            String status,
            String generator,
            boolean fallback,
            String reason,
            String llmError,
            int created,
            int updated,
            int retired) {}

    /** Inserts the requests as pending (one statement) and returns them as stored. */
    public Uni<List<GenerationRequestView>> insertPending(SqlClient client, List<NewRequest> requests) {
        if (requests.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return client.preparedQuery(INSERT_SQL)
                .execute(Tuple.of(
                        requests.stream().map(NewRequest::id).toArray(UUID[]::new),
                        requests.stream().map(NewRequest::userId).toArray(UUID[]::new),
                        requests.stream().map(NewRequest::periodStart).toArray(LocalDate[]::new),
                        requests.stream().map(NewRequest::periodEnd).toArray(LocalDate[]::new),
                        requests.stream().map(NewRequest::trigger).toArray(String[]::new)))
                .map(rows -> {
                    List<GenerationRequestView> out = new ArrayList<>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                });
    }

    /** The request, whoever owns it (the generation consumer's check that it is really queued). */
    public Uni<Optional<GenerationRequestView>> find(SqlClient client, UUID id) {
        return client.preparedQuery("select " + COLUMNS + " from insight_generation_requests where id = $1")
                .execute(Tuple.of(id))
                .map(GenerationRequestRepository::first);
    }

    /** One of the user's requests. */
    public Uni<Optional<GenerationRequestView>> find(SqlClient client, UUID userId, UUID id) {
        return client.preparedQuery(
                        "select " + COLUMNS + " from insight_generation_requests where id = $1 and user_id = $2")
                .execute(Tuple.of(id, userId))
                .map(GenerationRequestRepository::first);
    }

    /** Up to {@code page.limit() + 1} of the user's requests after the page position, newest first. */
    public Uni<List<GenerationRequestView>> list(SqlClient client, UUID userId, PageRequest page) {
        PagePosition after = page.after();
        String sql = "select " + COLUMNS + " from insight_generation_requests where user_id = $1"
                + (after == null ? "" : " and (requested_at, id) < ($3, $4)")
                + " order by requested_at desc, id desc limit $2";
        Tuple args = after == null
                ? Tuple.of(userId, page.limit() + 1)
                : Tuple.of(userId, page.limit() + 1, after.at().atOffset(ZoneOffset.UTC), after.id());
        return client.preparedQuery(sql).execute(args).map(rows -> {
            List<GenerationRequestView> out = new ArrayList<>();
            rows.forEach(r -> out.add(map(r)));
            return out;
        });
    }

    /** Ends a pending request; empty when it is not pending (any more). */
    public Uni<Optional<GenerationRequestView>> finish(SqlClient client, UUID userId, UUID id, Outcome outcome) {
        return client.preparedQuery(FINISH_SQL)
                .execute(Tuple.tuple()
                        .addUUID(id)
                        .addUUID(userId)
                        .addString(outcome.status())
                        .addString(outcome.generator())
                        .addBoolean(outcome.fallback())
                        .addString(outcome.reason())
                        .addString(outcome.llmError())
                        .addInteger(outcome.created())
                        .addInteger(outcome.updated())
                        .addInteger(outcome.retired()))
                .map(GenerationRequestRepository::first);
    }

    private static Optional<GenerationRequestView> first(Iterable<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(map(it.next())) : Optional.empty();
    }

    private static GenerationRequestView map(Row r) {
        String status = r.getString("status");
        String reason = r.getString("reason");
        String llmError = r.getString("llm_error");
        return new GenerationRequestView(
                r.getUUID("id"),
                r.getUUID("user_id"),
                status,
                r.getString("trigger"),
                r.getLocalDate("period_start"),
                r.getLocalDate("period_end"),
                r.getString("generator"),
                r.getBoolean("fallback"),
                reason,
                llmError,
                GenerationRequestMapper.detail(status, reason, llmError),
                r.getInteger("insights_created"),
                r.getInteger("insights_updated"),
                r.getInteger("insights_retired"),
                r.getOffsetDateTime("requested_at").toInstant(),
                r.getOffsetDateTime("completed_at") == null
                        ? null
                        : r.getOffsetDateTime("completed_at").toInstant());
    }
}
