package io.pulse.sync.job.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.EvidencePayload;
import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.connection.Connection;
import io.pulse.sync.connection.repository.ConnectionRepository;
import io.pulse.sync.connection.service.TokenCipher;
import io.pulse.sync.evidence.repository.SyncedEvidenceRepository;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.http.SourceHttp;
import io.pulse.sync.ingest.EvidenceItem;
import io.pulse.sync.ingest.FetchRequest;
import io.pulse.sync.ingest.SourceFetcher;
import io.pulse.sync.job.SyncJob;
import io.pulse.sync.job.repository.SyncJobRepository;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Runs claimed sync jobs on a small pool of its own threads (HTTP to the sources blocks; the event loop never does
 * this work).
 *
 * <p>A run: window start = the request's {@code since}, else the last successful run's start minus the overlap,
 * else now minus the initial lookback. Each source page is one transaction: evidence upserts, their events, the job's
 * counts and a progress event, so a failure never leaves half a page. At the end, one transaction deletes the
 * user's items of each kind that occurred inside the window but were not listed (gone at the source, or no longer
 * the user's: anything that occurred in the window was updated in it, so it would have been listed), writes their
 * {@code evidence.deleted} events, and completes the job with the new cursor (this run's start). A failure marks the
 * job failed without moving the cursor, so the next run covers the same range again; upserts make that free of
 * duplicates.
 */
@ApplicationScoped
public class SyncRunner {

    private static final Logger LOG = Logger.getLogger(SyncRunner.class);
    private static final Duration DB_TIMEOUT = Duration.ofMinutes(2);

    private final Pool servicePool;
    private final SyncJobRepository jobs;
    private final ConnectionRepository connections;
    private final SyncedEvidenceRepository evidence;
    private final TokenCipher cipher;
    private final SourceHttp http;
    private final Map<String, SourceFetcher> fetchers = new HashMap<>();
    private final SyncConfig.Jobs config;
    private final ExecutorService executor;
    private final Set<UUID> active = ConcurrentHashMap.newKeySet();

    public SyncRunner(
            @ReactiveDataSource(Datasources.SERVICE) Pool servicePool,
            SyncJobRepository jobs,
            ConnectionRepository connections,
            SyncedEvidenceRepository evidence,
            TokenCipher cipher,
            SourceHttp http,
            Instance<SourceFetcher> fetchers,
            SyncConfig config) {
        this.servicePool = servicePool;
        this.jobs = jobs;
        this.connections = connections;
        this.evidence = evidence;
        this.cipher = cipher;
        this.http = http;
        fetchers.forEach(f -> this.fetchers.put(f.source(), f));
        this.config = config.jobs();
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(config.jobs().workerThreads(), r -> {
            Thread t = new Thread(r, "sync-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Queues a claimed (running) job; its heartbeat is kept fresh from now on. */
    public void submit(SyncJob job, Instant since) {
        active.add(job.id());
        executor.execute(() -> {
            try {
                run(job, since);
            } finally {
                active.remove(job.id());
            }
        });
    }

    /** Jobs this process is running or has queued. */
    public Set<UUID> activeJobs() {
        return Set.copyOf(active);
    }

    /** Thrown inside a page transaction when the job is no longer running (the reaper failed it). */
    private static final class JobAbandoned extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JobAbandoned() {
            super("job is no longer running", null, false, false);
        }
    }

    /** Per-run counters. */
    private static final class Run {
        final Map<String, List<String>> seen = new HashMap<>();
        final Set<String> seenIds = new HashSet<>();
        final LongAdder dbNanos = new LongAdder();
        final LongAdder eventNanos = new LongAdder();
        int processed;
        int created;
        int updated;
        int events;
    }

    void run(SyncJob job, Instant since) {
        Instant runStart = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        SourceHttp.Stats httpBefore = http.stats();
        Run run = new Run();
        Instant windowStart = null;
        try {
            Connection connection = connections
                    .findForSync(job.userId(), job.source())
                    .await()
                    .atMost(DB_TIMEOUT)
                    .orElseThrow(() -> new SourceException(
                            SourceException.Kind.REJECTED, 0, "the " + job.source() + " connection was removed"));
            SourceFetcher fetcher = fetchers.get(job.source());
            String token = cipher.decrypt(
                    connection.token(), TokenCipher.associatedData(connection.userId(), connection.source()));
            windowStart = since != null ? since : windowStart(job, runStart);
            Instant window = windowStart;
            fetcher.kinds().forEach(k -> run.seen.put(k, new ArrayList<>()));
            fetcher.fetch(new FetchRequest(connection, token, window), page -> writePage(job, page, run));
            finish(job, fetcher, window, runStart, run, httpBefore);
        } catch (JobAbandoned e) {
            LOG.warnf("sync job %s was failed by the reaper while running; stopped", job.id());
        } catch (SourceException e) {
            fail(job, e.getMessage(), windowStart, run);
        } catch (RuntimeException e) {
            LOG.errorf(e, "sync job %s failed unexpectedly", job.id());
            fail(job, "internal error while syncing; the next run starts again from the last cursor", windowStart, run);
        }
    }

    private Instant windowStart(SyncJob job, Instant runStart) {
        Optional<Instant> cursor = servicePool
                .withConnection(conn -> jobs.lastCursor(conn, job.userId(), job.source()))
                .await()
                .atMost(DB_TIMEOUT);
        return cursor.map(c -> c.minus(config.overlap())).orElse(runStart.minus(config.initialLookback()));
    }

    private void writePage(SyncJob job, List<EvidenceItem> page, Run run) {
        long start = System.nanoTime();
        int[] created = new int[1];
        int[] updated = new int[1];
        int[] events = new int[1];
        LongAdder eventNanos = new LongAdder();
        servicePool
                .withTransaction(conn -> evidence.upsertPage(conn, job.userId(), job.source(), page)
                        .chain(changes -> {
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (SyncedEvidenceRepository.Change change : changes) {
                                if (change.inserted()) {
                                    created[0]++;
                                } else {
                                    updated[0]++;
                                }
                                events[0]++;
                                EventEnvelope envelope = EventCodec.envelope(
                                        change.inserted() ? EventType.EVIDENCE_CREATED : EventType.EVIDENCE_UPDATED,
                                        job.userId(),
                                        change.payload());
                                chain = chain.chain(() -> append(conn, envelope, eventNanos));
                            }
                            return chain;
                        })
                        .chain(() -> jobs.progress(conn, job.id(), page.size(), created[0]))
                        .chain(progress -> {
                            if (progress.isEmpty()) {
                                return Uni.createFrom().failure(new JobAbandoned());
                            }
                            events[0]++;
                            return append(
                                    conn,
                                    EventCodec.envelope(
                                            EventType.SYNC_JOB_UPDATED,
                                            job.userId(),
                                            progress.get().payload()),
                                    eventNanos);
                        }))
                .await()
                .atMost(DB_TIMEOUT);
        // Counted only once the page is committed.
        run.processed += page.size();
        run.created += created[0];
        run.updated += updated[0];
        run.events += events[0];
        run.eventNanos.add(eventNanos.sum());
        run.dbNanos.add(System.nanoTime() - start - eventNanos.sum());
        for (EvidenceItem item : page) {
            String kind = kindOf(job.source(), item.sourceId());
            List<String> seen = run.seen.get(kind);
            if (seen != null && run.seenIds.add(item.sourceId())) {
                seen.add(item.sourceId());
            }
        }
    }

    private void finish(
            SyncJob job,
            SourceFetcher fetcher,
            Instant windowStart,
            Instant runStart,
            Run run,
            SourceHttp.Stats httpBefore) {
        long start = System.nanoTime();
        int[] deleted = new int[1];
        LongAdder eventNanos = new LongAdder();
        servicePool
                .withTransaction(conn -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (String kind : fetcher.kinds()) {
                        chain = chain.chain(() -> evidence.sweep(
                                        conn,
                                        job.userId(),
                                        job.source(),
                                        job.source() + ":" + kind + ":",
                                        windowStart,
                                        run.seen.get(kind))
                                .chain(gone -> {
                                    deleted[0] += gone.size();
                                    Uni<Void> events = Uni.createFrom().voidItem();
                                    for (EvidencePayload payload : gone) {
                                        events = events.chain(() -> append(
                                                conn,
                                                EventCodec.envelope(EventType.EVIDENCE_DELETED, job.userId(), payload),
                                                eventNanos));
                                    }
                                    return events;
                                }));
                    }
                    return chain.chain(() -> {
                                run.dbNanos.add(System.nanoTime() - start - eventNanos.sum());
                                SourceHttp.Stats httpAfter = http.stats();
                                JsonObject metadata = new JsonObject()
                                        .put("cursor", runStart.toString())
                                        .put("window_start", windowStart == null ? null : windowStart.toString())
                                        .put("items_updated", run.updated)
                                        .put("items_deleted", deleted[0])
                                        .put("events", run.events + deleted[0] + 1)
                                        .put("http_requests", httpAfter.requests() - httpBefore.requests())
                                        .put(
                                                "timings_ms",
                                                new JsonObject()
                                                        .put(
                                                                "total",
                                                                Duration.between(runStart, Instant.now())
                                                                        .toMillis())
                                                        .put(
                                                                "http",
                                                                httpAfter.requestMillis() - httpBefore.requestMillis())
                                                        .put(
                                                                "http_wait",
                                                                httpAfter.waitMillis() - httpBefore.waitMillis())
                                                        .put("db", run.dbNanos.sum() / 1_000_000)
                                                        .put(
                                                                "events",
                                                                (run.eventNanos.sum() + eventNanos.sum()) / 1_000_000));
                                return jobs.complete(conn, job.id(), metadata);
                            })
                            .chain(done -> done.isEmpty()
                                    ? Uni.createFrom().failure(new JobAbandoned())
                                    : OutboxWriter.append(
                                            conn,
                                            EventCodec.envelope(
                                                    EventType.SYNC_JOB_UPDATED,
                                                    job.userId(),
                                                    done.get().payload())));
                })
                .await()
                .atMost(DB_TIMEOUT);
        LOG.infof(
                "sync job %s (%s) completed: %d processed, %d created, %d updated, %d deleted",
                job.id(), job.source(), run.processed, run.created, run.updated, deleted[0]);
    }

    private void fail(SyncJob job, String message, Instant windowStart, Run run) {
        LOG.warnf("sync job %s (%s) failed: %s", job.id(), job.source(), message);
        JsonObject metadata = new JsonObject()
                .put("window_start", windowStart == null ? null : windowStart.toString())
                .put("items_updated", run.updated);
        try {
            servicePool
                    .withTransaction(conn -> jobs.fail(conn, job.id(), message, metadata)
                            .call(failed -> failed.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : OutboxWriter.append(
                                            conn,
                                            EventCodec.envelope(
                                                    EventType.SYNC_JOB_UPDATED,
                                                    job.userId(),
                                                    failed.get().payload()))))
                    .await()
                    .atMost(DB_TIMEOUT);
        } catch (RuntimeException e) {
            // The reaper fails the job once its heartbeat goes stale.
            LOG.errorf(e, "could not record the failure of sync job %s", job.id());
        }
    }

    private static Uni<Void> append(SqlClient conn, EventEnvelope envelope, LongAdder nanos) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return OutboxWriter.append(conn, envelope).invoke(() -> nanos.add(System.nanoTime() - start));
        });
    }

    private static String kindOf(String source, String sourceId) {
        int from = source.length() + 1;
        int to = sourceId.indexOf(':', from);
        return to < 0 ? "" : sourceId.substring(from, to);
    }
}
