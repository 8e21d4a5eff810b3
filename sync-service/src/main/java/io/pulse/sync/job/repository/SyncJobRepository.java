package io.pulse.sync.job.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.web.PagePosition;
import io.pulse.common.web.PageRequest;
import io.pulse.sync.job.SyncJob;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code sync_jobs}. Every method runs on the caller's connection, inside the transaction the service opened. Reads
 * for the API run as the request role bound to the user; every write runs as the service role (the request role may
 * only read jobs), next to its outbox rows.
 */
@ApplicationScoped
public class SyncJobRepository {

    private static final String COLUMNS = "id, user_id, source, status, started_at, completed_at, items_processed,"
            + " items_created, error_message, last_sync_at, metadata, created_at";

    public Uni<SyncJob> insertPending(SqlClient client, UUID userId, String source, JsonObject metadata) {
        return client.preparedQuery(
                        "insert into sync_jobs (user_id, source, metadata) values ($1, $2, $3) returning " + COLUMNS)
                .execute(Tuple.of(userId, source, metadata))
                .map(SyncJobRepository::single);
    }

    /** The user's pending or running job for the source. */
    public Uni<Optional<SyncJob>> active(SqlClient client, UUID userId, String source) {
        return client.preparedQuery("select " + COLUMNS + " from sync_jobs where user_id = $1 and source = $2"
                        + " and status in ('pending', 'running')")
                .execute(Tuple.of(userId, source))
                .map(SyncJobRepository::first);
    }

    /**
     * Up to {@code page.limit() + 1} of the bound user's jobs after the page position, newest first (request role,
     * row-level security).
     */
    public Uni<List<SyncJob>> list(SqlClient client, PageRequest page) {
        PagePosition after = page.after();
        if (after == null) {
            return client.preparedQuery(
                            "select " + COLUMNS + " from sync_jobs order by created_at desc, id desc limit $1")
                    .execute(Tuple.of(page.limit() + 1))
                    .map(SyncJobRepository::all);
        }
        return client.preparedQuery("select " + COLUMNS + " from sync_jobs where (created_at, id) < ($1, $2)"
                        + " order by created_at desc, id desc limit $3")
                .execute(Tuple.of(after.at().atOffset(java.time.ZoneOffset.UTC), after.id(), page.limit() + 1))
                .map(SyncJobRepository::all);
    }

    /** One of the bound user's jobs (request role, row-level security). */
    public Uni<Optional<SyncJob>> find(SqlClient client, UUID id) {
        return client.preparedQuery("select " + COLUMNS + " from sync_jobs where id = $1")
                .execute(Tuple.of(id))
                .map(SyncJobRepository::first);
    }

    /** pending -> running; empty when the job is not pending any more (already claimed, or gone). */
    public Uni<Optional<SyncJob>> claim(SqlClient client, UUID id) {
        return client.preparedQuery("update sync_jobs set status = 'running', started_at = now(), heartbeat_at = now()"
                        + " where id = $1 and status = 'pending' returning " + COLUMNS)
                .execute(Tuple.of(id))
                .map(SyncJobRepository::first);
    }

    /** Start time of the user's last successful run for the source, the base of the next window. */
    public Uni<Optional<Instant>> lastCursor(SqlClient client, UUID userId, String source) {
        return client.preparedQuery("select (metadata ->> 'cursor')::timestamptz as cursor from sync_jobs"
                        + " where user_id = $1 and source = $2 and status = 'completed' and metadata ? 'cursor'"
                        + " order by completed_at desc limit 1")
                .execute(Tuple.of(userId, source))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.ofNullable(instant(rows.iterator().next(), "cursor")));
    }

    /** Adds page counts and refreshes the heartbeat; empty when the job is no longer running (reaped). */
    public Uni<Optional<SyncJob>> progress(SqlClient client, UUID id, int processed, int created) {
        return client.preparedQuery("update sync_jobs set items_processed = items_processed + $2,"
                        + " items_created = items_created + $3, heartbeat_at = now()"
                        + " where id = $1 and status = 'running' returning " + COLUMNS)
                .execute(Tuple.of(id, processed, created))
                .map(SyncJobRepository::first);
    }

    /** running -> completed with the new cursor and statistics; empty when the job is no longer running. */
    public Uni<Optional<SyncJob>> complete(SqlClient client, UUID id, JsonObject metadata) {
        return client.preparedQuery("update sync_jobs set status = 'completed', completed_at = now(),"
                        + " last_sync_at = now(), heartbeat_at = now(), metadata = metadata || $2"
                        + " where id = $1 and status = 'running' returning " + COLUMNS)
                .execute(Tuple.of(id, metadata))
                .map(SyncJobRepository::first);
    }

    /** pending|running -> failed with the message; empty when the job had already finished. */
    public Uni<Optional<SyncJob>> fail(SqlClient client, UUID id, String message, JsonObject metadata) {
        return client.preparedQuery("update sync_jobs set status = 'failed', completed_at = now(), error_message = $2,"
                        + " metadata = metadata || $3 where id = $1 and status in ('pending', 'running') returning "
                        + COLUMNS)
                .execute(Tuple.of(id, message, metadata))
                .map(SyncJobRepository::first);
    }

    /** Sets the heartbeat of running jobs to their last proven progress; it never moves backwards. */
    public Uni<Integer> heartbeat(SqlClient client, Map<UUID, Instant> beats) {
        UUID[] ids = new UUID[beats.size()];
        OffsetDateTime[] times = new OffsetDateTime[beats.size()];
        int i = 0;
        for (Map.Entry<UUID, Instant> beat : beats.entrySet()) {
            ids[i] = beat.getKey();
            times[i++] = beat.getValue().atOffset(ZoneOffset.UTC);
        }
        return client.preparedQuery("update sync_jobs j set heartbeat_at = greatest(j.heartbeat_at, t.at)"
                        + " from unnest($1::uuid[], $2::timestamptz[]) as t(id, at)"
                        + " where j.id = t.id and j.status = 'running'")
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfOffsetDateTime(times))
                .map(RowSet::rowCount);
    }

    /** Fails running jobs whose heartbeat is older than the limit (their worker died). */
    public Uni<List<SyncJob>> failStale(SqlClient client, Duration staleAfter, String message) {
        return client.preparedQuery("update sync_jobs set status = 'failed', completed_at = now(), error_message = $2"
                        + " where status = 'running' and coalesce(heartbeat_at, started_at, created_at)"
                        + " < now() - make_interval(secs => $1) returning " + COLUMNS)
                .execute(Tuple.of((double) staleAfter.toMillis() / 1000.0, message))
                .map(SyncJobRepository::all);
    }

    /**
     * Pending jobs nobody claimed for longer than {@code after} (e.g. their claim failed); touched so the next check
     * waits again before re-requesting them.
     */
    public Uni<List<SyncJob>> touchUnclaimed(SqlClient client, Duration after) {
        return client.preparedQuery("update sync_jobs set updated_at = now()"
                        + " where status = 'pending' and updated_at < now() - make_interval(secs => $1)"
                        + " returning " + COLUMNS)
                .execute(Tuple.of((double) after.toMillis() / 1000.0))
                .map(SyncJobRepository::all);
    }

    /**
     * Creates a pending job for every connection with an interval whose last job is older than the interval and
     * which has no active job. The partial unique index makes concurrent schedulers create at most one.
     */
    public Uni<List<SyncJob>> insertDuePeriodic(SqlClient client) {
        return client.preparedQuery("insert into sync_jobs (user_id, source, metadata)"
                        + " select c.user_id, c.source, '{\"trigger\":\"schedule\"}'::jsonb from source_connections c"
                        + " where c.sync_interval_minutes is not null"
                        + " and coalesce((select max(j.created_at) from sync_jobs j"
                        + "   where j.user_id = c.user_id and j.source = c.source), '-infinity'::timestamptz)"
                        + "   < now() - make_interval(mins => c.sync_interval_minutes)"
                        + " and not exists (select 1 from sync_jobs a where a.user_id = c.user_id and a.source = c.source"
                        + "   and a.status in ('pending', 'running'))"
                        + " on conflict do nothing returning " + COLUMNS)
                .execute()
                .map(SyncJobRepository::all);
    }

    private static SyncJob single(RowSet<Row> rows) {
        return map(rows.iterator().next());
    }

    private static Optional<SyncJob> first(RowSet<Row> rows) {
        return rows.size() == 0
                ? Optional.empty()
                : Optional.of(map(rows.iterator().next()));
    }

    private static List<SyncJob> all(RowSet<Row> rows) {
        List<SyncJob> jobs = new ArrayList<>();
        rows.forEach(r -> jobs.add(map(r)));
        return jobs;
    }

    private static SyncJob map(Row r) {
        Object metadata = r.getValue("metadata");
        return new SyncJob(
                r.getUUID("id"),
                r.getUUID("user_id"),
                r.getString("source"),
                r.getString("status"),
                instant(r, "started_at"),
                instant(r, "completed_at"),
                r.getInteger("items_processed"),
                r.getInteger("items_created"),
                r.getString("error_message"),
                instant(r, "last_sync_at"),
                metadata instanceof JsonObject json ? json : new JsonObject(),
                instant(r, "created_at"));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime value = r.getOffsetDateTime(column);
        return value == null
                ? null
                : value.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
    }
}
