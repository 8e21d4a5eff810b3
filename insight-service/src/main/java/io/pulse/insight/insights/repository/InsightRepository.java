package io.pulse.insight.insights.repository;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.common.db.RlsSession;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.InsightPayload;
import io.pulse.insight.insights.api.InsightChange;
import io.pulse.insight.insights.api.InsightFilter;
import io.pulse.insight.insights.api.InsightPage;
import io.pulse.insight.insights.api.InsightView;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Insight rows. Reads for the API go through the request role bound to the caller; every write goes through the
 * service role (the request role cannot write insights), always scoped by the caller's user id, and appends its
 * insight event in the same transaction.
 */
@ApplicationScoped
public class InsightRepository {

    /** Name under which the generation consumer records handled event ids. */
    public static final String CONSUMER = "insight-generation";

    private static final String COLUMNS = "id, user_id, type, title, description, evidence_ids, confidence_score,"
            + " is_validated, is_rejected, feedback, period_start, period_end, ai_metadata, created_at, updated_at";
    // A rejected insight is never rewritten (so it does not come back in the same form); a validated one is kept as
    // the user confirmed it; an unchanged one is not rewritten (no event).
    private static final String UPSERT_SQL = "insert into insights (user_id, type, title, description, evidence_ids,"
            + " confidence_score, period_start, period_end, fingerprint, ai_metadata)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb)"
            + " on conflict (user_id, fingerprint) where fingerprint is not null do update set"
            + " title = excluded.title, description = excluded.description, evidence_ids = excluded.evidence_ids,"
            + " confidence_score = excluded.confidence_score, period_start = excluded.period_start,"
            + " period_end = excluded.period_end, ai_metadata = excluded.ai_metadata"
            + " where not insights.is_rejected and not insights.is_validated and ("
            + " insights.title <> excluded.title or insights.description <> excluded.description"
            + " or insights.evidence_ids <> excluded.evidence_ids"
            + " or insights.confidence_score <> excluded.confidence_score)"
            + " returning " + COLUMNS + ", (xmax = 0) as inserted";
    private static final String MARK_SQL =
            "insert into processed_events (consumer, event_id) values ($1, $2) on conflict do nothing returning event_id";
    private static final String PROCESSED_SQL = "select 1 from processed_events where consumer = $1 and event_id = $2";
    private static final String CHANGE_SQL = "update insights set"
            + " is_validated = case when $3::boolean is not null then $3::boolean"
            + " when $4::boolean is true then false else is_validated end,"
            + " is_rejected = case when $4::boolean is not null then $4::boolean"
            + " when $3::boolean is true then false else is_rejected end,"
            + " feedback = case when $5::boolean then $6::text else feedback end"
            + " where id = $1 and user_id = $2 returning " + COLUMNS;
    private static final String CLAIM_DUE_SQL = "delete from insight_refresh_queue where user_id in ("
            + " select user_id from insight_refresh_queue where due_at <= now() order by due_at limit $1"
            + " for update skip locked) returning user_id";

    /** One insight to store. */
    public record NewInsight(
            String type,
            String title,
            String description,
            List<UUID> evidenceIds,
            double confidence,
            LocalDate periodStart,
            LocalDate periodEnd,
            String fingerprint,
            String aiMetadataJson) {}

    private final Pool requestPool;
    private final Pool servicePool;

    public InsightRepository(Pool requestPool, @ReactiveDataSource(Datasources.SERVICE) Pool servicePool) {
        this.requestPool = requestPool;
        this.servicePool = servicePool;
    }

    public Uni<Boolean> isProcessed(UUID eventId) {
        return servicePool
                .preparedQuery(PROCESSED_SQL)
                .execute(Tuple.of(CONSUMER, eventId))
                .map(rows -> rows.size() > 0);
    }

    /**
     * Stores a generation's insights, each with its created/updated event, and records the request event as
     * handled, all in one transaction.
     *
     * @param eventId the request event, or null
     * @return how many insights were created or updated
     */
    public Uni<Integer> store(UUID userId, List<NewInsight> insights, UUID eventId) {
        return servicePool.withTransaction(conn -> {
            Uni<Boolean> fresh = eventId == null
                    ? Uni.createFrom().item(true)
                    : conn.preparedQuery(MARK_SQL)
                            .execute(Tuple.of(CONSUMER, eventId))
                            .map(rows -> rows.rowCount() > 0);
            return fresh.chain(isFresh -> {
                if (!isFresh) {
                    return Uni.createFrom().item(0);
                }
                return Multi.createFrom()
                        .iterable(insights)
                        .onItem()
                        .transformToUniAndConcatenate(insight -> upsert(conn, userId, insight))
                        .collect()
                        .asList()
                        .map(changed -> (int) changed.stream().filter(b -> b).count());
            });
        });
    }

    private Uni<Boolean> upsert(SqlConnection conn, UUID userId, NewInsight i) {
        return conn.preparedQuery(UPSERT_SQL)
                .execute(Tuple.tuple()
                        .addUUID(userId)
                        .addString(i.type())
                        .addString(i.title())
                        .addString(i.description())
                        .addArrayOfUUID(i.evidenceIds().toArray(UUID[]::new))
                        .addDouble(i.confidence())
                        .addLocalDate(i.periodStart())
                        .addLocalDate(i.periodEnd())
                        .addString(i.fingerprint())
                        .addString(i.aiMetadataJson()))
                .chain(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Uni.createFrom().item(false);
                    }
                    Row row = it.next();
                    EventType type = row.getBoolean("inserted") ? EventType.INSIGHT_CREATED : EventType.INSIGHT_UPDATED;
                    return OutboxWriter.append(conn, event(type, userId, map(row)))
                            .replaceWith(true);
                });
    }

    /** The caller's insights, as the request role (row-level security) with an explicit owner predicate. */
    public Uni<InsightPage> list(UUID userId, InsightFilter filter, int page, int size) {
        return RlsSession.inTransaction(requestPool, userId, conn -> {
            List<Object> params = new ArrayList<>();
            params.add(userId);
            StringBuilder where = new StringBuilder(" where user_id = $1");
            if (filter.type() != null) {
                params.add(filter.type());
                where.append(" and type = $").append(params.size());
            }
            if (filter.validated() != null) {
                params.add(filter.validated());
                where.append(" and is_validated = $").append(params.size());
            }
            if (filter.rejected() != null) {
                params.add(filter.rejected());
                where.append(" and is_rejected = $").append(params.size());
            }
            if (filter.from() != null) {
                params.add(filter.from());
                where.append(" and (period_end is null or period_end >= $")
                        .append(params.size())
                        .append(")");
            }
            if (filter.to() != null) {
                params.add(filter.to());
                where.append(" and (period_start is null or period_start <= $")
                        .append(params.size())
                        .append(")");
            }
            Tuple countArgs = Tuple.from(params);
            params.add(size);
            params.add(page * size);
            String select = "select " + COLUMNS + " from insights" + where + " order by created_at desc, id limit $"
                    + (params.size() - 1) + " offset $" + params.size();
            return conn.preparedQuery("select count(*) as total from insights" + where)
                    .execute(countArgs)
                    .chain(count -> conn.preparedQuery(select)
                            .execute(Tuple.from(params))
                            .map(rows -> {
                                List<InsightView> items = new ArrayList<>();
                                rows.forEach(r -> items.add(map(r)));
                                return new InsightPage(
                                        items,
                                        page,
                                        size,
                                        count.iterator().next().getLong("total"));
                            }));
        });
    }

    public Uni<Optional<InsightView>> find(UUID userId, UUID id) {
        return RlsSession.inTransaction(
                requestPool,
                userId,
                conn -> conn.preparedQuery("select " + COLUMNS + " from insights where id = $1 and user_id = $2")
                        .execute(Tuple.of(id, userId))
                        .map(first(InsightRepository::map)));
    }

    /**
     * Applies the caller's change to their own insight (service role, scoped by {@code user_id}) with its
     * insight.updated event; empty when the caller has no such insight.
     */
    public Uni<Optional<InsightView>> change(UUID userId, UUID id, InsightChange change) {
        return servicePool.withTransaction(conn -> conn.preparedQuery(CHANGE_SQL)
                .execute(Tuple.tuple()
                        .addUUID(id)
                        .addUUID(userId)
                        .addBoolean(change.validated())
                        .addBoolean(change.rejected())
                        .addBoolean(change.setFeedback())
                        .addString(change.feedback()))
                .chain(rows -> {
                    Optional<InsightView> view = first(InsightRepository::map).apply(rows);
                    if (view.isEmpty()) {
                        return Uni.createFrom().item(view);
                    }
                    return OutboxWriter.append(conn, event(EventType.INSIGHT_UPDATED, userId, view.get()))
                            .replaceWith(view);
                }));
    }

    /** Claims users whose debounced refresh is due, and queues one generation request for each. */
    public Uni<List<UUID>> claimDueRefreshes(int limit, Function<UUID, EventEnvelope> request) {
        return servicePool.withTransaction(conn -> conn.preparedQuery(CLAIM_DUE_SQL)
                .execute(Tuple.of(limit))
                .chain(rows -> {
                    List<UUID> users = new ArrayList<>();
                    rows.forEach(r -> users.add(r.getUUID("user_id")));
                    return Multi.createFrom()
                            .iterable(users)
                            .onItem()
                            .transformToUniAndConcatenate(u -> OutboxWriter.append(conn, request.apply(u)))
                            .collect()
                            .asList()
                            .replaceWith(users);
                }));
    }

    private static EventEnvelope event(EventType type, UUID userId, InsightView v) {
        return EventCodec.envelope(
                type,
                userId,
                new InsightPayload(
                        v.id(), v.type(), v.title(), v.confidence(), v.evidenceIds(), v.validated(), v.rejected()));
    }

    private static <T> Function<io.vertx.mutiny.sqlclient.RowSet<Row>, Optional<T>> first(Function<Row, T> mapper) {
        return rows -> {
            var it = rows.iterator();
            return it.hasNext() ? Optional.of(mapper.apply(it.next())) : Optional.empty();
        };
    }

    static InsightView map(Row r) {
        JsonObject meta = r.getJsonObject("ai_metadata");
        UUID[] ids = r.getArrayOfUUIDs("evidence_ids");
        Object version = meta == null ? null : meta.getValue("model_version");
        return new InsightView(
                r.getUUID("id"),
                r.getString("type"),
                r.getString("title"),
                r.getString("description"),
                ids == null ? List.of() : Arrays.asList(ids),
                r.getDouble("confidence_score"),
                r.getBoolean("is_validated"),
                r.getBoolean("is_rejected"),
                r.getString("feedback"),
                r.getLocalDate("period_start"),
                r.getLocalDate("period_end"),
                version == null ? null : version.toString(),
                r.getOffsetDateTime("created_at").toInstant(),
                r.getOffsetDateTime("updated_at").toInstant());
    }
}
