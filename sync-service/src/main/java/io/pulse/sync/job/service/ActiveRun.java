package io.pulse.sync.job.service;

import java.time.Instant;
import java.util.concurrent.Future;

import io.pulse.sync.http.RunBudget;
import io.pulse.sync.job.SyncJob;

/**
 * A job this process has claimed: queued for a worker, then running. The watchdog reads its budget to prove progress
 * (the heartbeat) and may abort it, leaving the reason for the run to record.
 */
final class ActiveRun {

    private final SyncJob job;
    private volatile RunBudget budget;
    private volatile String abortReason;
    private volatile Future<?> future;

    ActiveRun(SyncJob job) {
        this.job = job;
    }

    SyncJob job() {
        return job;
    }

    /** Called by the run as it starts; from then on, its progress is what the heartbeat reports. */
    void started(RunBudget budget) {
        this.budget = budget;
    }

    void attach(Future<?> future) {
        this.future = future;
    }

    /** The time the heartbeat records: now while queued (waiting for a worker is not a stall), else the last progress. */
    Instant heartbeat(Instant now) {
        RunBudget b = budget;
        return b == null ? now : b.lastProgress();
    }

    RunBudget budget() {
        return budget;
    }

    /** Stops the run: its worker thread is interrupted and the run fails the job with the reason. */
    void abort(String reason) {
        if (abortReason == null) {
            abortReason = reason;
        }
        Future<?> f = future;
        if (f != null) {
            f.cancel(true);
        }
    }

    /** Why the watchdog stopped the run, or null. */
    String abortReason() {
        return abortReason;
    }
}
