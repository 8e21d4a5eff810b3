package io.pulse.sync.job.service;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.pulse.common.evidence.SourceItem;
import io.pulse.common.tracing.SpanAttributes;
import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.connection.Connection;
import io.pulse.sync.connection.service.TokenCipher;
import io.pulse.sync.http.RunBudget;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.ingest.FetchRequest;
import io.pulse.sync.ingest.FetchSummary;
import io.pulse.sync.ingest.PageSink;
import io.pulse.sync.ingest.SourceFetcher;
import io.pulse.sync.job.SyncJob;
import io.pulse.sync.metrics.SyncMetrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Runs one claimed job from start to end, on a {@link SyncWorkers} thread.
 *
 * <p>Window start = the request's {@code since}, else the last successful run's start minus the overlap, else now
 * minus the initial lookback. The source's fetcher hands over pages; each is stored before the next is fetched
 * ({@link SyncRunWriter}). At the end the items the source confirmed gone ({@link Sweep}) are deleted and the job
 * completes with the new cursor (this run's start), naming any item it had to skip. A failure marks the job failed
 * without moving the cursor, so the next run covers the same range again; upserts make that free of duplicates.
 *
 * <p>The run has a budget ({@code max-duration}): every request is cut to it, and the {@link SyncWorkers} watchdog
 * stops a run that outlives it or proves no progress for {@code stale-after}, failing the job with that reason.
 */
@ApplicationScoped
public class SyncJobRunner {

    private static final Logger LOG = Logger.getLogger(SyncJobRunner.class);

    private final SyncRunWriter writer;
    private final TokenCipher cipher;
    private final Map<String, SourceFetcher> fetchers = new HashMap<>();
    private final SyncConfig.Jobs config;
    private final SyncMetrics metrics;
    private final Tracer tracer;

    public SyncJobRunner(
            SyncRunWriter writer,
            TokenCipher cipher,
            Instance<SourceFetcher> fetchers,
            SyncConfig config,
            SyncMetrics metrics,
            Tracer tracer) {
        this.tracer = tracer;
        this.writer = writer;
        this.cipher = cipher;
        fetchers.forEach(f -> this.fetchers.put(f.source(), f));
        this.config = config.jobs();
        this.metrics = metrics;
    }

    /** Running totals of the committed pages. */
    private static final class Totals {
        int processed;
        int created;
        int updated;
        int events;

        void add(int items, SyncRunWriter.PageCounts page) {
            processed += items;
            created += page.created();
            updated += page.updated();
            events += page.events();
        }
    }

    void run(ActiveRun active, Instant since) {
        SyncJob job = active.job();
        Span span = tracer.spanBuilder("sync job " + job.source())
                .setAttribute(SpanAttributes.JOB_ID, job.id().toString())
                .setAttribute(SpanAttributes.USER_HASH, SpanAttributes.userHash(job.userId()))
                .setAttribute("pulse.sync.source", job.source())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            runTraced(active, since, span);
        } finally {
            span.end();
        }
    }

    private void runTraced(ActiveRun active, Instant since, Span span) {
        SyncJob job = active.job();
        Instant runStart = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RunBudget budget = RunBudget.of(config.maxDuration());
        active.started(budget);
        Totals totals = new Totals();
        Sweep sweep = new Sweep();
        Instant windowStart = null;
        String outcome = SyncJob.FAILED;
        try {
            Connection connection = writer.connection(job)
                    .orElseThrow(() -> new SourceException(
                            SourceException.Kind.REJECTED, 0, "the " + job.source() + " connection was removed"));
            SourceFetcher fetcher = fetchers.get(job.source());
            String token = cipher.decrypt(
                    connection.token(), TokenCipher.associatedData(connection.userId(), connection.source()));
            windowStart = since != null ? since : windowStart(job, runStart);
            RunSink sink = new RunSink(job, fetcher, windowStart, budget, totals, sweep);
            FetchSummary fetched = fetcher.fetch(new FetchRequest(connection, token, windowStart, budget), sink);
            Instant window = windowStart;
            int deleted = writer.complete(
                    job, sweep.deletions(), gone -> completed(runStart, window, totals, sweep, gone, fetched));
            outcome = SyncJob.COMPLETED;
            metrics.requestedToCompleted(job.source(), Duration.between(job.createdAt(), Instant.now()));
            span.setAttribute(SpanAttributes.ITEM_COUNT, (long) totals.processed);
            span.setAttribute("pulse.sync.items.created", (long) totals.created);
            span.setAttribute("pulse.sync.items.updated", (long) totals.updated);
            span.setAttribute("pulse.sync.items.deleted", (long) deleted);
            metrics.items(job.source(), "created", totals.created);
            metrics.items(job.source(), "updated", totals.updated);
            metrics.items(job.source(), "deleted", deleted);
            LOG.infof(
                    "sync job %s (%s) completed: %d processed, %d created, %d updated, %d deleted, %d skipped",
                    job.id(),
                    job.source(),
                    totals.processed,
                    totals.created,
                    totals.updated,
                    deleted,
                    sweep.skippedCount());
        } catch (JobAbandoned e) {
            outcome = "abandoned";
            LOG.warnf("sync job %s was failed by the reaper while running; stopped", job.id());
        } catch (SourceException e) {
            fail(active, e.getMessage(), windowStart, totals, sweep);
        } catch (RuntimeException e) {
            if (active.abortReason() == null) {
                LOG.errorf(e, "sync job %s failed unexpectedly", job.id());
            }
            fail(
                    active,
                    "internal error while syncing; the next run starts again from the last cursor",
                    windowStart,
                    totals,
                    sweep);
        } finally {
            span.setAttribute("pulse.sync.outcome", outcome);
            if (!SyncJob.COMPLETED.equals(outcome)) {
                span.setStatus(StatusCode.ERROR);
            }
            metrics.jobEnded(job.source(), outcome, Duration.between(runStart, Instant.now()));
        }
    }

    /** Hands the fetcher's pages to the writer and keeps the run's {@link Sweep}. */
    private final class RunSink implements PageSink {
        private final SyncJob job;
        private final SourceFetcher fetcher;
        private final Instant windowStart;
        private final RunBudget budget;
        private final Totals totals;
        private final Sweep sweep;

        RunSink(SyncJob job, SourceFetcher fetcher, Instant windowStart, RunBudget budget, Totals totals, Sweep sweep) {
            this.job = job;
            this.fetcher = fetcher;
            this.windowStart = windowStart;
            this.budget = budget;
            this.totals = totals;
            this.sweep = sweep;
        }

        @Override
        public void accept(List<SourceItem> page) {
            totals.add(page.size(), writer.writePage(job, page));
            // Counted only once the page is committed.
            sweep.record(page);
            budget.progressed();
        }

        @Override
        public void skipped(String sourceId, String reason) {
            LOG.infof("sync job %s skipped %s: %s", job.id(), sourceId, reason);
            sweep.skipped(sourceId, reason);
        }

        @Override
        public List<String> unlisted() {
            List<String> prefixes = fetcher.kinds().stream()
                    .map(kind -> job.source() + ":" + kind + ":")
                    .toList();
            return writer.unlisted(job, prefixes, windowStart, sweep.accounted());
        }

        @Override
        public void gone(Collection<String> sourceIds) {
            sweep.gone(sourceIds);
        }
    }

    private Instant windowStart(SyncJob job, Instant runStart) {
        return writer.lastCursor(job)
                .map(cursor -> cursor.minus(config.overlap()))
                .orElse(runStart.minus(config.initialLookback()));
    }

    private static JsonObject completed(
            Instant runStart, Instant windowStart, Totals totals, Sweep sweep, int deleted, FetchSummary fetched) {
        return new JsonObject()
                .put("cursor", runStart.toString())
                .put("window_start", windowStart == null ? null : windowStart.toString())
                .put("items_updated", totals.updated)
                .put("items_deleted", deleted)
                .put("items_skipped", sweep.skippedCount())
                .put("skipped", skippedNotes(sweep))
                // The page events, the deletions and the completion's own status event.
                .put("events", totals.events + deleted + 1)
                .put("http_requests", fetched.httpRequests());
    }

    /** The first skipped items, each with why, e.g. {@code {"source_id": ..., "reason": "its commits answered 404"}}. */
    private static JsonArray skippedNotes(Sweep sweep) {
        JsonArray notes = new JsonArray();
        sweep.skippedNotes()
                .forEach((id, reason) ->
                        notes.add(new JsonObject().put("source_id", id).put("reason", reason)));
        return notes;
    }

    /**
     * Marks the job failed. When the watchdog stopped the run, its reason is the message; the interrupt it sent is
     * cleared first, so the failure can still be written.
     */
    private void fail(ActiveRun active, String message, Instant windowStart, Totals totals, Sweep sweep) {
        SyncJob job = active.job();
        String reason = active.abortReason() != null ? active.abortReason() : message;
        Thread.interrupted();
        LOG.warnf("sync job %s (%s) failed: %s", job.id(), job.source(), reason);
        JsonObject metadata = new JsonObject()
                .put("window_start", windowStart == null ? null : windowStart.toString())
                .put("items_updated", totals.updated)
                .put("items_skipped", sweep.skippedCount());
        try {
            writer.fail(job, reason, metadata);
        } catch (RuntimeException e) {
            // The reaper fails the job once its heartbeat goes stale.
            LOG.errorf(e, "could not record the failure of sync job %s", job.id());
        }
    }
}
