package io.pulse.insight.enrichment.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.evidence.EvidenceRow;
import io.pulse.common.evidence.EvidenceRows;
import io.pulse.insight.llm.LlmPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of enrichment: evidence reads and writes of the enrichment columns ({@code summary}, {@code ai_metadata},
 * {@code embedding}, {@code embedding_model}, which this module owns), and the debounce queue of insight refreshes.
 * It runs on the service role's client it is given, in the caller's transaction (enrichment works for every user).
 */
@ApplicationScoped
public class EnrichmentRepository {

    // One round trip per batch: per event, whether it was
    // handled, the row as it is now, whether its owner opted out of the LLM, and whether the row already carries
    // this model's enrichment of its current version (the re-embedding worker may have got there first).
    private static final String LOAD_FOR_EVENTS_SQL = "select x.ord, exists (select 1 from processed_events pe"
            + " where pe.consumer = $1 and pe.event_id = x.event_id) as processed, e.*, "
            + LlmPolicy.optedOut("p") + " as llm_opted_out"
            + " from unnest($2::uuid[], $3::uuid[]) with ordinality as x(event_id, evidence_id, ord)"
            // A subquery, so that the row's columns keep their own names next to the joined ones.
            + " left join lateral (select " + EvidenceRows.COLUMNS + ", coalesce(enriched_version = version"
            + " and embedding_model = $4, false) as enriched from evidence where id = x.evidence_id) e on true"
            + " left join profiles p on p.id = e.user_id order by x.ord";
    // The version guard: work computed for one version never lands on another (newer content, or a deleted row),
    // and lands once: a row already enriched by this model for this version is left alone (the live path and the
    // re-embedding worker may both have computed it; the second writer waits on the row lock, then sees the first's
    // write and updates nothing).
    private static final String UPDATE_SQL = "update evidence set summary = $3,"
            + " ai_metadata = ai_metadata || $4::text::jsonb, embedding = $5::vector, embedding_model = $6,"
            + " enriched_version = $2 where id = $1 and version = $2"
            + " and (enriched_version is distinct from $2 or embedding_model is distinct from $6) returning id";
    private static final String QUEUE_REFRESH_SQL = "insert into insight_refresh_queue (user_id, due_at)"
            + " select unnest($1::uuid[]), now() + make_interval(secs => $2) on conflict (user_id) do nothing";
    private static final String STALE_SQL = "select e.*, " + LlmPolicy.optedOut("p") + " as llm_opted_out from"
            + " (select " + EvidenceRows.COLUMNS + ", embedding is null as unembedded from evidence"
            + " where ((embedding is not null and embedding_model <> $1)"
            + " or (embedding is null and updated_at < now() - make_interval(secs => $2)))"
            // A parked version failed for good: only an edit (a new version) is worth another attempt.
            + " and not exists (select 1 from enrichment_dead_letters d where d.evidence_id = evidence.id"
            + " and d.version = evidence.version)"
            // Newest changes first among the unembedded: the items their owners most likely look for now.
            + " order by embedding is null, updated_at desc, id limit $3) e"
            + " left join profiles p on p.id = e.user_id order by e.unembedded, e.id";

    /**
     * A row to enrich.
     *
     * @param llmOptedOut its owner opted out of LLM processing
     */
    public record Candidate(EvidenceRow row, boolean llmOptedOut) {}

    /**
     * What an event needs.
     *
     * @param processed the event was already handled
     * @param candidate the row as it is now, empty if it is gone
     * @param enriched the row already carries {@code modelId}'s enrichment of its current version
     */
    public record EventContext(boolean processed, Optional<Candidate> candidate, boolean enriched) {}

    /**
     * The context of each event (parallel lists of event and evidence ids), in the order given; {@code modelId} is
     * the model whose enrichment counts as done.
     */
    public Uni<List<EventContext>> loadForEvents(
            SqlClient client, String consumer, List<UUID> eventIds, List<UUID> evidenceIds, String modelId) {
        return client.preparedQuery(LOAD_FOR_EVENTS_SQL)
                .execute(Tuple.of(consumer, eventIds.toArray(UUID[]::new), evidenceIds.toArray(UUID[]::new), modelId))
                .map(rows -> {
                    List<EventContext> out = new ArrayList<>();
                    for (Row r : rows) {
                        Optional<Candidate> candidate =
                                r.getUUID("id") == null ? Optional.empty() : Optional.of(candidate(r));
                        out.add(new EventContext(
                                r.getBoolean("processed"), candidate, Boolean.TRUE.equals(r.getBoolean("enriched"))));
                    }
                    return out;
                });
    }

    /**
     * Rows whose vector is from another model (first), then rows that never got one (an enrichment that failed for
     * good) and have not changed for {@code settle}, the most recently changed first; parked versions (dead letters)
     * are skipped. The set is defined by the data, so a restarted worker resumes.
     */
    public Uni<List<Candidate>> needingEmbedding(SqlClient client, String modelId, Duration settle, int limit) {
        return client.preparedQuery(STALE_SQL)
                .execute(Tuple.of(modelId, (double) settle.toSeconds(), limit))
                .map(rows -> {
                    List<Candidate> out = new ArrayList<>();
                    rows.forEach(r -> out.add(candidate(r)));
                    return out;
                });
    }

    /**
     * Writes each enrichment if its row still has the version it was computed for.
     *
     * @return per write, in order, whether it landed
     */
    public Uni<List<Boolean>> updateAll(SqlClient client, List<EnrichmentWrite> writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return client.preparedQuery(UPDATE_SQL)
                .executeBatch(writes.stream().map(EnrichmentRepository::tuple).toList())
                .map(EnrichmentRepository::perTuple);
    }

    /** Schedules one insight refresh per user, due after the delay; a user already queued keeps the earlier one. */
    public Uni<Void> queueRefresh(SqlClient client, Collection<UUID> users, Duration after) {
        if (users.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(QUEUE_REFRESH_SQL)
                .execute(Tuple.of(users.toArray(UUID[]::new), after.toMillis() / 1000.0))
                .replaceWithVoid();
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

    private static Candidate candidate(Row r) {
        return new Candidate(EvidenceRows.map(r), r.getBoolean("llm_opted_out"));
    }
}
