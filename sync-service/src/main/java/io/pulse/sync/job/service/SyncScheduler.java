package io.pulse.sync.job.service;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.job.SyncJob;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;

/**
 * When the {@link SyncJobMaintenance} duties run. Each schedule skips a tick while the previous one is still running.
 */
@ApplicationScoped
public class SyncScheduler {

    private final SyncJobMaintenance maintenance;
    private final SyncWorkers workers;

    public SyncScheduler(SyncJobMaintenance maintenance, SyncWorkers workers) {
        this.maintenance = maintenance;
        this.workers = workers;
    }

    @Scheduled(
            every = "${pulse.sync.jobs.heartbeat-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        workers.watchdog();
        return maintenance.heartbeat(workers.heartbeats());
    }

    @Scheduled(
            every = "${pulse.sync.jobs.reaper-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reapStaleOnSchedule() {
        return reapStale().replaceWithVoid();
    }

    /** Fails running jobs with a stale heartbeat; returns them. */
    public Uni<List<SyncJob>> reapStale() {
        return maintenance.reapStale();
    }

    /** Publishes a fresh request for pending jobs nobody claimed for a while. */
    @Scheduled(
            every = "${pulse.sync.jobs.reaper-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> rerequestPending() {
        return maintenance.rerequestPending();
    }

    @Scheduled(
            every = "${pulse.sync.jobs.periodic-check-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = PeriodicDisabled.class)
    Uni<Void> schedulePeriodicOnSchedule() {
        return schedulePeriodic().replaceWithVoid();
    }

    /** Creates due periodic jobs; returns them. */
    public Uni<List<SyncJob>> schedulePeriodic() {
        return maintenance.schedulePeriodic();
    }

    /** Skips periodic scheduling when {@code pulse.sync.jobs.periodic-enabled=false}. */
    @Singleton
    public static class PeriodicDisabled implements Scheduled.SkipPredicate {

        private final SyncConfig config;

        public PeriodicDisabled(SyncConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.jobs().periodicEnabled();
        }
    }
}
