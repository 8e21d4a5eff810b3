package io.pulse.sync.job.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.http.Durations;
import io.pulse.sync.http.RunBudget;
import io.pulse.sync.job.SyncJob;

/**
 * The threads that run claimed jobs ({@code pulse.sync.jobs.worker-threads}); further jobs queue. A run blocks on
 * HTTP and on its page commits, so it gets a thread of its own and never touches the event loop.
 *
 * <p>The watchdog frees a worker whose run stopped moving: a run that proved no progress for {@code stale-after}, or
 * that outlived its {@code max-duration}, is interrupted and fails its job with the reason. Every request of a run is
 * already bounded by its deadlines, so this is the backstop for anything else that could hang.
 */
@ApplicationScoped
public class SyncWorkers {

    private static final Logger LOG = Logger.getLogger(SyncWorkers.class);

    private final SyncJobRunner runner;
    private final SyncConfig.Jobs config;
    private final ExecutorService executor;
    private final Map<UUID, ActiveRun> active = new ConcurrentHashMap<>();

    public SyncWorkers(SyncJobRunner runner, SyncConfig config) {
        this.runner = runner;
        this.config = config.jobs();
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(this.config.workerThreads(), r -> {
            Thread t = new Thread(r, "sync-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Queues a claimed (running) job; its heartbeat is kept from now on. */
    public void submit(SyncJob job, Instant since) {
        ActiveRun run = new ActiveRun(job);
        active.put(job.id(), run);
        // The run continues the trace of the request that claimed it (the consumer's span, itself continuing the
        // POST that asked for the sync): the worker thread gets the submitter's trace context.
        run.attach(executor.submit(io.opentelemetry.context.Context.current().wrap(() -> {
            try {
                runner.run(run, since);
            } finally {
                active.remove(job.id());
            }
        })));
    }

    /** The heartbeat of each job this process is running or has queued: the time of its last proven progress. */
    public Map<UUID, Instant> heartbeats() {
        Instant now = Instant.now();
        Map<UUID, Instant> beats = new HashMap<>();
        active.forEach((id, run) -> beats.put(id, run.heartbeat(now)));
        return beats;
    }

    /** Aborts runs that stopped moving or outlived their budget; returns how many. */
    public int watchdog() {
        int aborted = 0;
        for (ActiveRun run : active.values()) {
            RunBudget budget = run.budget();
            if (budget == null || run.abortReason() != null) {
                continue;
            }
            String reason = null;
            if (budget.expired()) {
                reason = budget.exceededMessage();
            } else if (budget.silentFor().compareTo(config.staleAfter()) > 0) {
                reason = noProgressMessage(config.staleAfter());
            }
            if (reason != null) {
                LOG.warnf("sync job %s stopped by the watchdog: %s", run.job().id(), reason);
                run.abort(reason);
                aborted++;
            }
        }
        return aborted;
    }

    static String noProgressMessage(Duration staleAfter) {
        return "the sync made no progress for " + Durations.human(staleAfter)
                + " (the source stopped answering); the next run resumes from the last cursor";
    }
}
