package io.pulse.sync.job.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.common.db.RlsSession;
import io.pulse.common.messaging.ProcessedEvents;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.Page;
import io.pulse.common.web.PagePosition;
import io.pulse.common.web.PageRequest;
import io.pulse.sync.connection.Connection;
import io.pulse.sync.connection.repository.ConnectionRepository;
import io.pulse.sync.job.SyncJob;
import io.pulse.sync.job.repository.SyncJobRepository;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;

/**
 * Requests, claims and reads sync jobs. A request creates the pending job and its {@code sync.requested} event in one
 * service-role transaction (the request role can only read jobs). A second request while a job for the same source
 * is pending or running is refused with 409 naming the active job, which the caller can follow instead. Reads run as
 * the request role bound to the caller.
 */
@ApplicationScoped
public class SyncJobService {

    private static final Instant EARLIEST_SINCE = Instant.parse("2000-01-01T00:00:00Z");
    static final String ACTIVE_PROBLEM = "urn:pulse:problem:sync-job-active";

    private final Pool pool;
    private final Pool servicePool;
    private final SyncJobRepository jobs;
    private final ConnectionRepository connections;

    public SyncJobService(
            Pool pool,
            @ReactiveDataSource(Datasources.SERVICE) Pool servicePool,
            SyncJobRepository jobs,
            ConnectionRepository connections) {
        this.pool = pool;
        this.servicePool = servicePool;
        this.jobs = jobs;
        this.connections = connections;
    }

    /**
     * Creates a pending job and publishes its request.
     *
     * @param since explicit start of the range, or null to continue from the last successful run
     */
    public Uni<SyncJob> request(UUID userId, String source, Instant since) {
        return Uni.createFrom()
                .item(() -> {
                    validate(source, since);
                    return source;
                })
                .chain(s -> servicePool.withTransaction(conn -> connections
                        .exists(conn, userId, source)
                        .chain(exists -> {
                            if (!exists) {
                                return Uni.createFrom()
                                        .failure(new ApiException(
                                                422,
                                                "No connection",
                                                "there is no " + source
                                                        + " connection; create one with POST /api/v1/connections"));
                            }
                            return jobs.active(conn, userId, source);
                        })
                        .chain(active -> active.isPresent()
                                ? Uni.createFrom().failure(activeConflict(active.get()))
                                : create(conn, userId, source, since, "api"))))
                // Two requests racing past the check: the partial unique index lets one win.
                .onFailure(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState()))
                .recoverWithUni(() -> servicePool
                        .withTransaction(conn -> jobs.active(conn, userId, source))
                        .chain(active -> Uni.createFrom()
                                .failure(active.<Throwable>map(SyncJobService::activeConflict)
                                        .orElse(ApiException.conflict("a sync job for " + source + " is active")))));
    }

    /** Inserts a pending job with its request and status events (inside the caller's transaction). */
    private Uni<SyncJob> create(SqlClient conn, UUID userId, String source, Instant since, String trigger) {
        JsonObject metadata = new JsonObject().put("trigger", trigger);
        if (since != null) {
            metadata.put("requested_since", since.toString());
        }
        return jobs.insertPending(conn, userId, source, metadata)
                .call(job -> OutboxWriter.appendAll(conn, SyncJobEvents.created(job, since)));
    }

    /**
     * Moves a requested job pending -> running for a worker, recording the request event as processed in the same
     * transaction. Empty for a redelivered request and for a job that is no longer pending.
     */
    public Uni<Optional<SyncJob>> claim(String consumer, UUID eventId, UUID jobId) {
        return servicePool.withTransaction(conn -> ProcessedEvents.claim(conn, consumer, eventId)
                .chain(fresh ->
                        fresh ? jobs.claim(conn, jobId) : Uni.createFrom().item(Optional.<SyncJob>empty()))
                .call(claimed -> claimed.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : OutboxWriter.append(conn, SyncJobEvents.updated(claimed.get()))));
    }

    /** One page of the caller's jobs, newest first. */
    public Uni<Page<SyncJob>> list(UUID userId, PageRequest page) {
        return RlsSession.inTransaction(pool, userId, conn -> jobs.list(conn, page))
                .map(rows -> page.slice(rows, job -> new PagePosition(job.createdAt(), job.id()), job -> job));
    }

    /** One of the caller's jobs; 404 for anyone else's. */
    public Uni<SyncJob> get(UUID userId, UUID id) {
        return RlsSession.inTransaction(pool, userId, conn -> jobs.find(conn, id))
                .map(found -> found.orElseThrow(() -> ApiException.notFound("sync job")));
    }

    private static ApiException activeConflict(SyncJob active) {
        return new ApiException(
                409,
                "Sync job already active",
                "a " + active.source() + " sync job is already " + active.status() + ": " + active.id(),
                ACTIVE_PROBLEM,
                List.of());
    }

    private static void validate(String source, Instant since) {
        FieldChecks checks = FieldChecks.forBody();
        if (source == null || !Set.of(Connection.GITLAB, Connection.JIRA).contains(source)) {
            checks.error("source", "must be one of gitlab, jira");
        }
        if (since != null
                && (since.isBefore(EARLIEST_SINCE)
                        || since.isAfter(Instant.now().plus(Duration.ofMinutes(5))))) {
            checks.error("since", "must be between 2000-01-01 and now");
        }
        checks.throwIfInvalid();
    }
}
