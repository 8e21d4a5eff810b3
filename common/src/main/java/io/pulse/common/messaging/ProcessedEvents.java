package io.pulse.common.messaging;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The idempotent-consumer record ({@code processed_events}). Kafka delivers at least once; a consumer claims an event
 * id inside the same transaction as the effect, so the effect happens once: a redelivery finds the id claimed and
 * does nothing, and a rollback releases the claim together with the effect.
 */
public final class ProcessedEvents {

    private static final String CLAIM_SQL =
            "insert into processed_events (consumer, event_id) values ($1, $2) on conflict do nothing";
    private static final String CLAIM_ALL_SQL = "insert into processed_events (consumer, event_id)"
            + " select $1, unnest($2::uuid[]) on conflict do nothing returning event_id";

    private ProcessedEvents() {}

    /**
     * Deletes the records older than {@code retention}: redeliveries come within the topics' retention, far sooner,
     * and an erased account's event ids should not linger in bookkeeping.
     */
    public static Uni<Void> purge(SqlClient client, java.time.Duration retention) {
        return client.preparedQuery(
                        "delete from processed_events where processed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .replaceWithVoid();
    }

    /**
     * Claims the event for the consumer, in the caller's transaction.
     *
     * @return false when it was claimed before (a redelivery: do nothing)
     */
    public static Uni<Boolean> claim(SqlClient tx, String consumer, UUID eventId) {
        return tx.preparedQuery(CLAIM_SQL).execute(Tuple.of(consumer, eventId)).map(rows -> rows.rowCount() == 1);
    }

    /** Claims many events in one statement; returns the ids that were not claimed before. */
    public static Uni<Set<UUID>> claimAll(SqlClient tx, String consumer, Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return tx.preparedQuery(CLAIM_ALL_SQL)
                .execute(Tuple.of(consumer, eventIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> fresh = new HashSet<>();
                    rows.forEach(row -> fresh.add(row.getUUID("event_id")));
                    return fresh;
                });
    }
}
