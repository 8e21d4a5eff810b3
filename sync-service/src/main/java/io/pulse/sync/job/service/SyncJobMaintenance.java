package io.pulse.sync.job.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.job.SyncJob;
import io.pulse.sync.job.repository.SyncJobRepository;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The recurring duties behind sync jobs, each one service-role transaction: heartbeats for jobs this process runs,
 * failing jobs whose worker died (stale heartbeat), re-requesting pending jobs whose request was not picked up, and
 * creating periodic jobs for connections with a sync interval. Every step is safe with several replicas running it.
 * Failures are logged and swallowed: the next period tries again.
 */
@ApplicationScoped
public class SyncJobMaintenance {

    static final String STALE_MESSAGE = "the job proved no progress for too long (its worker stopped, or the source"
            + " stopped answering); the next run resumes from the last cursor";
    private static final Logger LOG = Logger.getLogger(SyncJobMaintenance.class);

    private final Pool servicePool;
    private final SyncJobRepository jobs;
    private final SyncConfig.Jobs config;

    public SyncJobMaintenance(
            @ReactiveDataSource(Datasources.SERVICE) Pool servicePool, SyncJobRepository jobs, SyncConfig config) {
        this.servicePool = servicePool;
        this.jobs = jobs;
        this.config = config.jobs();
    }

    /**
     * Records each running job's heartbeat: the time of its last proven progress (never moving backwards), so a job
     * that is alive but stuck goes stale like one whose worker died.
     */
    public Uni<Void> heartbeat(Map<UUID, Instant> beats) {
        if (beats.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return servicePool
                .withTransaction(conn -> jobs.heartbeat(conn, beats))
                .onFailure()
                .invoke(e -> LOG.warn("could not refresh sync job heartbeats", e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Fails running jobs with a stale heartbeat; returns them. */
    public Uni<List<SyncJob>> reapStale() {
        return servicePool
                .withTransaction(conn -> jobs.failStale(conn, config.staleAfter(), STALE_MESSAGE)
                        .call(failed -> OutboxWriter.appendAll(
                                conn,
                                failed.stream().map(SyncJobEvents::updated).toList())))
                .invoke(failed -> failed.forEach(j -> LOG.warnf("sync job %s had a stale heartbeat; failed", j.id())))
                .onFailure()
                .invoke(e -> LOG.warn("stale sync job check failed", e))
                .onFailure()
                .recoverWithItem(List.of());
    }

    /** Publishes a fresh request for pending jobs nobody claimed for a while (e.g. a claim that failed). */
    public Uni<Void> rerequestPending() {
        return servicePool
                .withTransaction(conn -> jobs.touchUnclaimed(conn, config.staleAfter())
                        .call(pending -> OutboxWriter.appendAll(
                                conn,
                                pending.stream()
                                        .map(job -> SyncJobEvents.requested(job, SyncJobEvents.requestedSince(job)))
                                        .toList())))
                .onFailure()
                .invoke(e -> LOG.warn("pending sync job check failed", e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Creates due periodic jobs (connections with {@code sync_interval_minutes}); returns them. */
    public Uni<List<SyncJob>> schedulePeriodic() {
        return servicePool
                .withTransaction(conn -> jobs.insertDuePeriodic(conn)
                        .call(created -> OutboxWriter.appendAll(
                                conn,
                                created.stream()
                                        .flatMap(job -> SyncJobEvents.created(job, null).stream())
                                        .toList())))
                .onFailure()
                .invoke(e -> LOG.warn("periodic sync scheduling failed", e))
                .onFailure()
                .recoverWithItem(List.of());
    }
}
