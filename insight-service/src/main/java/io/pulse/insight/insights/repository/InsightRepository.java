package io.pulse.insight.insights.repository;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.evidence.PeriodClause;
import io.pulse.common.web.PagePosition;
import io.pulse.common.web.PageRequest;
import io.pulse.insight.insights.api.InsightChange;
import io.pulse.insight.insights.api.InsightFilter;
import io.pulse.insight.insights.api.InsightView;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of insight rows and of the debounced refresh queue. Every method runs on the connection it is given, in
 * the caller's transaction: reads for the API on the request role bound to the caller, writes on the service role
 * (the only role that may write insights). Every statement is scoped by the owner's user id as well.
 */
@ApplicationScoped
public class InsightRepository {

    private static final String COLUMNS = "id, user_id, type, title, content, evidence_ids, confidence,"
            + " validated, is_rejected, feedback, period_start, period_end, ai_metadata, retired_at, created_at,"
            + " updated_at";
    // The regeneration rules (README, "Regeneration"): an insight the owner reviewed (validated, rejected or gave
    // feedback on) is never rewritten: a rejected one so that it does not come back in the same form, the others as
    // the owner saw them. An unreviewed one takes the new wording, citations, confidence and model (one
    // insight.updated), and comes back if it had been retired; an unchanged one is not rewritten (no event).
    private static final String UPSERT_SQL = "insert into insights (user_id, type, title, content, evidence_ids,"
            + " confidence, period_start, period_end, fingerprint, ai_metadata, scope)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11)"
            + " on conflict (user_id, fingerprint) where fingerprint is not null do update set"
            + " title = excluded.title, content = excluded.content, evidence_ids = excluded.evidence_ids,"
            + " confidence = excluded.confidence, period_start = excluded.period_start,"
            + " period_end = excluded.period_end, ai_metadata = excluded.ai_metadata, scope = excluded.scope,"
            + " retired_at = null"
            + " where not insights.is_rejected and not insights.validated and insights.feedback is null and ("
            + " insights.title <> excluded.title or insights.content <> excluded.content"
            + " or insights.evidence_ids <> excluded.evidence_ids"
            + " or insights.confidence <> excluded.confidence or insights.retired_at is not null"
            + " or insights.ai_metadata->>'model_version' is distinct from excluded.ai_metadata->>'model_version')"
            + " returning " + COLUMNS + ", (xmax = 0) as inserted";
    // Unreviewed insights of the scope that the generation did not produce again.
    private static final String RETIRE_SQL = "update insights set retired_at = now()"
            + " where user_id = $1 and scope = $2 and retired_at is null and not validated and not is_rejected"
            + " and feedback is null and not (fingerprint = any($3::text[])) returning id";
    private static final String PROCESSED_SQL = "select 1 from processed_events where consumer = $1 and event_id = $2";
    private static final String CHANGE_SQL = "update insights set"
            + " validated = case when $3::boolean is not null then $3::boolean"
            + " when $4::boolean is true then false else validated end,"
            + " is_rejected = case when $4::boolean is not null then $4::boolean"
            + " when $3::boolean is true then false else is_rejected end,"
            + " feedback = case when $5::boolean then $6::text else feedback end,"
            // A validated insight is never retired, so validating a retired one brings it back.
            + " retired_at = case when $3::boolean is true then null else retired_at end"
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
            String aiMetadataJson,
            String scope) {}

    /**
     * The outcome of an upsert that wrote a row.
     *
     * @param created true for a new insight, false for a rewritten one
     */
    public record Upserted(InsightView view, boolean created) {}

    /** Whether the consumer has already handled the event (a cheap check before expensive work). */
    public Uni<Boolean> isProcessed(SqlClient client, String consumer, UUID eventId) {
        return client.preparedQuery(PROCESSED_SQL)
                .execute(Tuple.of(consumer, eventId))
                .map(rows -> rows.size() > 0);
    }

    /** Inserts or rewrites the insight with the same fingerprint; empty when the stored one is kept as it is. */
    public Uni<Optional<Upserted>> upsert(SqlClient client, UUID userId, NewInsight i) {
        return client.preparedQuery(UPSERT_SQL)
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
                        .addString(i.aiMetadataJson())
                        .addString(i.scope()))
                .map(first(r -> new Upserted(map(r), r.getBoolean("inserted"))));
    }

    /** Up to {@code page.limit() + 1} of the user's insights after the page position, newest first. */
    public Uni<List<InsightView>> list(SqlClient client, UUID userId, InsightFilter filter, PageRequest page) {
        List<Object> params = new ArrayList<>();
        params.add(userId);
        // Retired insights are superseded drafts: out of every list (a rejected one stays among the rejected).
        StringBuilder where = new StringBuilder(" where user_id = $1 and (retired_at is null or is_rejected)");
        if (filter.type() != null) {
            params.add(filter.type());
            where.append(" and type = $").append(params.size());
        }
        if (filter.validated() != null) {
            params.add(filter.validated());
            where.append(" and validated = $").append(params.size());
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
        if (filter.periodId() != null) {
            params.add(filter.periodId());
            where.append(PeriodClause.insightWithin("insights", params.size()));
        }
        PagePosition after = page.after();
        if (after != null) {
            params.add(after.at().atOffset(ZoneOffset.UTC));
            params.add(after.id());
            where.append(" and (created_at, id) < ($")
                    .append(params.size() - 1)
                    .append(", $")
                    .append(params.size())
                    .append(")");
        }
        params.add(page.limit() + 1);
        String select = "select " + COLUMNS + " from insights" + where + " order by created_at desc, id desc limit $"
                + params.size();
        return client.preparedQuery(select).execute(Tuple.from(params)).map(rows -> {
            List<InsightView> items = new ArrayList<>();
            rows.forEach(r -> items.add(map(r)));
            return items;
        });
    }

    public Uni<Optional<InsightView>> find(SqlClient client, UUID userId, UUID id) {
        return client.preparedQuery("select " + COLUMNS + " from insights where id = $1 and user_id = $2")
                .execute(Tuple.of(id, userId))
                .map(first(InsightRepository::map));
    }

    /** Applies the owner's change to their insight; empty when the user has no such insight. */
    public Uni<Optional<InsightView>> change(SqlClient client, UUID userId, UUID id, InsightChange change) {
        return client.preparedQuery(CHANGE_SQL)
                .execute(Tuple.tuple()
                        .addUUID(id)
                        .addUUID(userId)
                        .addBoolean(change.validated())
                        .addBoolean(change.rejected())
                        .addBoolean(change.setFeedback())
                        .addString(change.feedback()))
                .map(first(InsightRepository::map));
    }

    /**
     * Retires the user's unreviewed insights of {@code scope} whose fingerprint is not in {@code kept} (what the
     * latest generation of that scope produced).
     *
     * @return the ids retired
     */
    public Uni<List<UUID>> retireOthers(SqlClient client, UUID userId, String scope, List<String> kept) {
        return client.preparedQuery(RETIRE_SQL)
                .execute(Tuple.of(userId, scope, kept.toArray(String[]::new)))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("id")));
                    return ids;
                });
    }

    /**
     * Removes up to {@code limit} users whose debounced refresh is due from the queue and returns them. Rows another
     * instance is claiming are skipped, so concurrent instances never queue the same user twice.
     */
    public Uni<List<UUID>> claimDueRefreshes(SqlClient client, int limit) {
        return client.preparedQuery(CLAIM_DUE_SQL).execute(Tuple.of(limit)).map(rows -> {
            List<UUID> users = new ArrayList<>();
            rows.forEach(r -> users.add(r.getUUID("user_id")));
            return users;
        });
    }

    private static <T> Function<RowSet<Row>, Optional<T>> first(Function<Row, T> mapper) {
        return rows -> {
            var it = rows.iterator();
            return it.hasNext() ? Optional.of(mapper.apply(it.next())) : Optional.empty();
        };
    }

    private static InsightView map(Row r) {
        JsonObject meta = r.getJsonObject("ai_metadata");
        UUID[] ids = r.getArrayOfUUIDs("evidence_ids");
        Object version = meta == null ? null : meta.getValue("model_version");
        return new InsightView(
                r.getUUID("id"),
                r.getUUID("user_id"),
                r.getString("type"),
                r.getString("title"),
                r.getString("content"),
                ids == null ? List.of() : Arrays.asList(ids),
                r.getDouble("confidence"),
                r.getBoolean("validated"),
                r.getBoolean("is_rejected"),
                r.getString("feedback"),
                r.getLocalDate("period_start"),
                r.getLocalDate("period_end"),
                version == null ? null : version.toString(),
                r.getOffsetDateTime("retired_at") != null,
                r.getOffsetDateTime("created_at").toInstant(),
                r.getOffsetDateTime("updated_at").toInstant());
    }
}
