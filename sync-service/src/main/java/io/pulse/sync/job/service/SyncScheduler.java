package io.pulse.sync.job.service;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventType;
import io.pulse.common.events.SyncRequestedPayload;
import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.job.SyncJob;
import io.pulse.sync.job.repository.SyncJobRepository;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Background duties of the sync workers: heartbeats for jobs this process runs, failing jobs whose worker died
 * (stale heartbeat), re-requesting pending jobs whose request was not picked up, and creating periodic jobs for
 * connections with a sync interval. Every step is safe with several replicas running it.
 */
@ApplicationScoped
public class SyncScheduler {

    static final String STALE_MESSAGE =
            "the worker running this job stopped responding; the next run resumes from the last cursor";
    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

    private final Pool servicePool;
    private final SyncJobRepository jobs;
    private final SyncRunner runner;
    private final SyncConfig.Jobs config;

    public SyncScheduler(
            @ReactiveDataSource(Datasources.SERVICE) Pool servicePool,
            SyncJobRepository jobs,
            SyncRunner runner,
            SyncConfig config) {
        this.servicePool = servicePool;
        this.jobs = jobs;
        this.runner = runner;
        this.config = config.jobs();
    }

    @Scheduled(
            every = "${pulse.sync.jobs.heartbeat-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        Set<UUID> active = runner.activeJobs();
        if (active.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return servicePool
                .withConnection(conn -> jobs.heartbeat(conn, active.toArray(UUID[]::new)))
                .onFailure()
                .invoke(e -> LOG.warn("could not refresh sync job heartbeats", e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    @Scheduled(
            every = "${pulse.sync.jobs.reaper-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reapStaleOnSchedule() {
        return reapStale().replaceWithVoid();
    }

    /** Fails running jobs with a stale heartbeat; returns them. */
    public Uni<List<SyncJob>> reapStale() {
        return servicePool
                .withTransaction(conn -> jobs.failStale(conn, config.staleAfter(), STALE_MESSAGE)
                        .call(failed -> statusEvents(conn, failed)))
                .invoke(failed -> failed.forEach(j -> LOG.warnf("sync job %s had a stale heartbeat; failed", j.id())))
                .onFailure()
                .invoke(e -> LOG.warn("stale sync job check failed", e))
                .onFailure()
                .recoverWithItem(List.of());
    }

    /** Publishes a fresh request for pending jobs nobody claimed for a while (e.g. a claim that failed). */
    @Scheduled(
            every = "${pulse.sync.jobs.reaper-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> rerequestPending() {
        Duration after = config.staleAfter();
        return servicePool
                .withTransaction(conn -> conn.preparedQuery("update sync_jobs set updated_at = now()"
                                + " where status = 'pending' and updated_at < now() - make_interval(secs => $1)"
                                + " returning id, user_id, source, metadata ->> 'requested_since' as since")
                        .execute(Tuple.of((double) after.toMillis() / 1000.0))
                        .chain(rows -> {
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (var row : rows) {
                                String since = row.getString("since");
                                chain = chain.chain(() -> OutboxWriter.append(
                                        conn,
                                        EventCodec.envelope(
                                                EventType.SYNC_REQUESTED,
                                                row.getUUID("user_id"),
                                                new SyncRequestedPayload(
                                                        row.getUUID("id"),
                                                        row.getString("source"),
                                                        since == null ? null : java.time.Instant.parse(since)))));
                            }
                            return chain;
                        }))
                .onFailure()
                .invoke(e -> LOG.warn("pending sync job check failed", e))
                .onFailure()
                .recoverWithNull();
    }

    @Scheduled(
            every = "${pulse.sync.jobs.periodic-check-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = PeriodicDisabled.class)
    Uni<Void> schedulePeriodicOnSchedule() {
        return schedulePeriodic().replaceWithVoid();
    }

    /** Creates due periodic jobs (connections with {@code sync_interval_minutes}); returns them. */
    public Uni<List<SyncJob>> schedulePeriodic() {
        return servicePool
                .withTransaction(conn -> jobs.insertDuePeriodic(conn).call(created -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (SyncJob job : created) {
                        chain = chain.chain(() -> SyncJobService.publish(conn, job, null));
                    }
                    return chain;
                }))
                .onFailure()
                .invoke(e -> LOG.warn("periodic sync scheduling failed", e))
                .onFailure()
                .recoverWithItem(List.of());
    }

    private static Uni<Void> statusEvents(SqlClient conn, List<SyncJob> changed) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (SyncJob job : changed) {
            chain = chain.chain(() -> OutboxWriter.append(
                    conn, EventCodec.envelope(EventType.SYNC_JOB_UPDATED, job.userId(), job.payload())));
        }
        return chain;
    }

    /** Skips periodic scheduling when {@code pulse.sync.jobs.periodic-enabled=false}. */
    @jakarta.inject.Singleton
    public static class PeriodicDisabled implements Scheduled.SkipPredicate {

        private final SyncConfig config;

        public PeriodicDisabled(SyncConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
            return !config.jobs().periodicEnabled();
        }
    }
}
