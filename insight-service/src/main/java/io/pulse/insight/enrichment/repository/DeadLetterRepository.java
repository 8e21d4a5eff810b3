package io.pulse.insight.enrichment.repository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of enrichment's dead letters ({@code enrichment_dead_letters}, owned by this package): a version of an item
 * that could not be enriched is parked with the reason, and the item's {@code ai_metadata} (an enrichment column)
 * tells its owner it could not be analysed. A later successful enrichment clears the letter.
 */
@ApplicationScoped
public class DeadLetterRepository {

    /** What the owner reads in {@code ai_metadata.enrichment_status} of a parked item. */
    public static final String COULD_NOT_BE_ANALYSED = "could not be analysed";

    // Only versions that still exist are parked (a row deleted or edited meanwhile needs no letter); the version
    // guard also keeps the note off a newer version, which gets its own attempt.
    private static final String PARK_SQL = "with parked as (insert into enrichment_dead_letters"
            + " (evidence_id, user_id, version, reason, attempts)"
            + " select e.id, e.user_id, e.version, x.reason, x.attempts"
            + " from unnest($1::uuid[], $2::bigint[], $3::text[], $4::int[]) as x(id, version, reason, attempts)"
            + " join evidence e on e.id = x.id and e.version = x.version"
            + " on conflict (evidence_id) do update set version = excluded.version, reason = excluded.reason,"
            + " attempts = excluded.attempts, parked_at = now() returning evidence_id, version)"
            + " update evidence set ai_metadata = ai_metadata || jsonb_build_object('enrichment_status', $5::text,"
            + " 'enrichment_failed_at', now()) from parked"
            + " where evidence.id = parked.evidence_id and evidence.version = parked.version returning evidence.id";
    private static final String CLEAR_SQL = "delete from enrichment_dead_letters where evidence_id = any($1::uuid[])";

    /** One item to park: its id and version as read, why it failed and how often it was tried. */
    public record Letter(UUID evidenceId, long version, String reason, int attempts) {}

    /** Parks the letters whose version still exists; returns how many were parked. */
    public Uni<Integer> park(SqlClient client, List<Letter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return client.preparedQuery(PARK_SQL)
                .execute(Tuple.of(
                        letters.stream().map(Letter::evidenceId).toArray(UUID[]::new),
                        letters.stream().map(Letter::version).toArray(Long[]::new),
                        letters.stream().map(Letter::reason).toArray(String[]::new),
                        letters.stream().map(Letter::attempts).toArray(Integer[]::new),
                        COULD_NOT_BE_ANALYSED))
                .map(rows -> rows.rowCount());
    }

    /** Removes the letters of items that have now been enriched. */
    public Uni<Void> clear(SqlClient client, Collection<UUID> evidenceIds) {
        if (evidenceIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery(CLEAR_SQL)
                .execute(Tuple.of(evidenceIds.toArray(UUID[]::new)))
                .replaceWithVoid();
    }
}
