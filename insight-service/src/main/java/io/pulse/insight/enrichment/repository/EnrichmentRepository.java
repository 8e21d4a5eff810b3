package io.pulse.insight.enrichment.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.common.events.EventEnvelope;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Evidence reads and enrichment writes, as the service role (enrichment works for every user). */
@ApplicationScoped
public class EnrichmentRepository {

    /** Name under which this consumer records handled event ids. */
    public static final String CONSUMER = "insight-enrichment";

    private static final String COLUMNS = "id, user_id, title, content, source, category, tags, occurred_at, version";
    // One round trip per batch: per event, was it handled, the row as it is now, and whether its owner opted out of
    // the LLM.
    private static final String LOAD_FOR_EVENTS_SQL = "select x.ord, exists (select 1 from processed_events pe"
            + " where pe.consumer = $1 and pe.event_id = x.event_id) as processed, e.id, e.user_id, e.title,"
            + " e.content, e.source, e.category, e.tags, e.occurred_at, e.version,"
            + " coalesce(p.preferences->>'llm', '') = 'false' as llm_opted_out"
            + " from unnest($2::uuid[], $3::uuid[]) with ordinality as x(event_id, evidence_id, ord)"
            + " left join evidence e on e.id = x.evidence_id left join profiles p on p.id = e.user_id"
            + " order by x.ord";
    private static final String MARK_ALL_SQL = "insert into processed_events (consumer, event_id)"
            + " select $1, unnest($2::uuid[]) on conflict do nothing returning event_id";
    // The version guard: work computed for one version never lands on another (newer content, or a deleted row).
    private static final String UPDATE_SQL = "update evidence set summary = $3,"
            + " ai_metadata = ai_metadata || $4::text::jsonb, embedding = $5::vector, embedding_model = $6"
            + " where id = $1 and version = $2 returning id";
    private static final String QUEUE_REFRESH_SQL = "insert into insight_refresh_queue (user_id, due_at)"
            + " select unnest($1::uuid[]), now() + make_interval(secs => $2) on conflict (user_id) do nothing";
    private static final String STALE_SQL = "select " + COLUMNS + " from evidence"
            + " where (embedding is not null and embedding_model <> $1)"
            + " or (embedding is null and updated_at < now() - make_interval(secs => $2))"
            + " order by embedding is null, id limit $3";

    /** Outcome of handling one event or row. */
    public enum Outcome {
        /** The row was enriched. */
        ENRICHED,
        /** The row changed or disappeared since it was read; nothing written. */
        STALE,
        /** The event was already handled; nothing written. */
        DUPLICATE
    }

    /**
     * What an event needs.
     *
     * @param processed the event was already handled
     * @param row the row as it is now, empty if it is gone
     * @param llmOptedOut the owner opted out of LLM processing
     */
    public record EventContext(boolean processed, Optional<EvidenceRow> row, boolean llmOptedOut) {}

    /**
     * One enrichment to write.
     *
     * @param eventId the event being handled, or null for background work
     * @param enriched the evidence.enriched event to publish when the write lands
     */
    public record Pending(EnrichmentWrite write, UUID eventId, EventEnvelope enriched) {}

    private final Pool pool;

    public EnrichmentRepository(@ReactiveDataSource(Datasources.SERVICE) Pool pool) {
        this.pool = pool;
    }

    /** The context of each event (parallel lists of event and evidence ids), in the order given. */
    public Uni<List<EventContext>> loadForEvents(List<UUID> eventIds, List<UUID> evidenceIds) {
        return pool.preparedQuery(LOAD_FOR_EVENTS_SQL)
                .execute(Tuple.of(CONSUMER, eventIds.toArray(UUID[]::new), evidenceIds.toArray(UUID[]::new)))
                .map(rows -> {
                    List<EventContext> out = new ArrayList<>();
                    for (Row r : rows) {
                        boolean exists = r.getUUID("id") != null;
                        out.add(new EventContext(
                                r.getBoolean("processed"),
                                exists ? Optional.of(map(r)) : Optional.empty(),
                                exists && r.getBoolean("llm_opted_out")));
                    }
                    return out;
                });
    }

    /**
     * Writes a batch in one transaction: records every handled event id ({@code markOnly}: events that need no
     * write), applies each enrichment only if its row still has the version it was computed for (and its event was
     * not handled meanwhile by another instance), appends the enriched events, and queues a debounced insight
     * refresh for the users whose evidence was enriched.
     *
     * @param refreshAfter when non-null, queue an insight refresh for each such user, due after this delay
     * @return the outcome of each pending write, in order
     */
    public Uni<List<Outcome>> writeAll(List<Pending> pending, List<UUID> markOnly, Duration refreshAfter) {
        List<UUID> events = new ArrayList<>(markOnly);
        pending.stream().map(Pending::eventId).filter(Objects::nonNull).forEach(events::add);
        return pool.withTransaction(conn -> markAll(conn, events).chain(fresh -> {
            List<Pending> toWrite = pending.stream()
                    .filter(p -> p.eventId() == null || fresh.contains(p.eventId()))
                    .toList();
            Uni<List<Boolean>> updated = toWrite.isEmpty()
                    ? Uni.createFrom().item(List.of())
                    : conn.preparedQuery(UPDATE_SQL)
                            .executeBatch(
                                    toWrite.stream().map(p -> tuple(p.write())).toList())
                            .map(EnrichmentRepository::perTuple);
            return updated.chain(landed -> {
                List<Pending> enriched = new ArrayList<>();
                for (int i = 0; i < toWrite.size(); i++) {
                    if (landed.get(i)) {
                        enriched.add(toWrite.get(i));
                    }
                }
                // Subscribed in order on one connection: the client pipelines the inserts (one round trip for the
                // batch) and the outbox ids keep the batch's order.
                Uni<Void> published = enriched.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : Uni.join()
                                .all(enriched.stream()
                                        .map(p -> OutboxWriter.append(conn, p.enriched()))
                                        .toList())
                                .andFailFast()
                                .replaceWithVoid();
                UUID[] users = enriched.stream()
                        .map(p -> p.write().row().userId())
                        .distinct()
                        .toArray(UUID[]::new);
                Uni<Void> queued = refreshAfter == null || users.length == 0
                        ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(QUEUE_REFRESH_SQL)
                                .execute(Tuple.of(users, refreshAfter.toMillis() / 1000.0))
                                .replaceWithVoid();
                return published.chain(() -> queued).map(ignored -> {
                    List<Outcome> outcomes = new ArrayList<>(pending.size());
                    for (Pending p : pending) {
                        if (p.eventId() != null && !fresh.contains(p.eventId())) {
                            outcomes.add(Outcome.DUPLICATE);
                        } else {
                            outcomes.add(enriched.contains(p) ? Outcome.ENRICHED : Outcome.STALE);
                        }
                    }
                    return outcomes;
                });
            });
        }));
    }

    /**
     * Rows whose vector is from another model (first), then rows that never got one (an enrichment that failed for
     * good) and have not changed for {@code settle}. The set is defined by the data, so a restarted worker resumes.
     */
    public Uni<List<EvidenceRow>> needingEmbedding(String modelId, Duration settle, int limit) {
        return pool.preparedQuery(STALE_SQL)
                .execute(Tuple.of(modelId, (double) settle.toSeconds(), limit))
                .map(rows -> {
                    List<EvidenceRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                });
    }

    private static Uni<Set<UUID>> markAll(SqlConnection conn, List<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return conn.preparedQuery(MARK_ALL_SQL)
                .execute(Tuple.of(CONSUMER, eventIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> fresh = new HashSet<>();
                    rows.forEach(r -> fresh.add(r.getUUID("event_id")));
                    return fresh;
                });
    }

    private static Tuple tuple(EnrichmentWrite write) {
        return Tuple.tuple()
                .addUUID(write.row().id())
                .addLong(write.row().version())
                .addString(write.summary())
                .addString(write.aiMetadataJson())
                .addString(write.embedding())
                .addString(write.embeddingModel());
    }

    /** Whether each tuple of a batch update changed a row (the result holds one row set per tuple). */
    private static List<Boolean> perTuple(RowSet<Row> rows) {
        List<Boolean> out = new ArrayList<>();
        for (RowSet<Row> r = rows; r != null; r = r.next()) {
            out.add(r.rowCount() > 0);
        }
        return out;
    }

    private static EvidenceRow map(Row r) {
        String[] tags = r.getArrayOfStrings("tags");
        return new EvidenceRow(
                r.getUUID("id"),
                r.getUUID("user_id"),
                r.getString("title"),
                r.getString("content"),
                r.getString("source"),
                r.getString("category"),
                tags == null ? List.of() : Arrays.asList(tags),
                r.getOffsetDateTime("occurred_at"),
                r.getLong("version"));
    }
}
