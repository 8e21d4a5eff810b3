package io.pulse.sync.job.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.OutboxWriter;
import io.pulse.common.evidence.EvidenceWriter;
import io.pulse.common.evidence.SourceItem;
import io.pulse.sync.connection.Connection;
import io.pulse.sync.connection.repository.ConnectionRepository;
import io.pulse.sync.job.SyncJob;
import io.pulse.sync.job.repository.SyncJobRepository;
import io.pulse.sync.job.repository.SyncedEvidenceRepository;
import io.pulse.sync.metrics.SyncMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * The database side of a run, one transaction per step, each on the calling worker thread. A page is all or
 * nothing: evidence upserts, their events, the job's counts and its progress event. The end of a successful run
 * deletes the items the source confirmed gone, completes the job and writes the events in one transaction, so the
 * cursor moves exactly when the deletions happened. Evidence is written through the one evidence write path, {@link EvidenceWriter}, which appends each
 * change's event in the same transaction.
 */
@ApplicationScoped
public class SyncRunWriter {

    private final WorkerTransactions tx;
    private final SyncJobRepository jobs;
    private final ConnectionRepository connections;
    private final EvidenceWriter evidence;
    private final SyncedEvidenceRepository evidenceReads;
    private final SyncMetrics metrics;

    public SyncRunWriter(
            WorkerTransactions tx,
            SyncJobRepository jobs,
            ConnectionRepository connections,
            EvidenceWriter evidence,
            SyncedEvidenceRepository evidenceReads,
            SyncMetrics metrics) {
        this.tx = tx;
        this.jobs = jobs;
        this.connections = connections;
        this.evidence = evidence;
        this.evidenceReads = evidenceReads;
        this.metrics = metrics;
    }

    /** What one committed page changed. */
    record PageCounts(int created, int updated, int events) {}

    /** The job's connection, or empty when the user removed it after requesting the job. */
    Optional<Connection> connection(SyncJob job) {
        return tx.inTransaction(conn -> connections.findForSync(conn, job.userId(), job.source()));
    }

    /** Start of the user's last successful run for the job's source. */
    Optional<Instant> lastCursor(SyncJob job) {
        return tx.inTransaction(conn -> jobs.lastCursor(conn, job.userId(), job.source()));
    }

    /**
     * Stores one page.
     *
     * @throws JobAbandoned when the job is no longer running; nothing of the page is stored
     */
    PageCounts writePage(SyncJob job, List<SourceItem> page) {
        return metrics.dbWrite(
                "page",
                () -> tx.inTransaction(conn -> evidence.upsertSynced(conn, job.userId(), job.source(), page)
                        .chain(changes -> {
                            int created = (int) changes.stream()
                                    .filter(EvidenceWriter.SyncedChange::inserted)
                                    .count();
                            return jobs.progress(conn, job.id(), page.size(), created)
                                    .chain(progress ->
                                            OutboxWriter.append(conn, SyncJobEvents.updated(running(progress))))
                                    .replaceWith(new PageCounts(created, changes.size() - created, changes.size() + 1));
                        })));
    }

    /**
     * The user's stored items with one of the prefixes that occurred at or after the window start and are not among
     * {@code accounted}: the ones a fetcher must look up before anything may be deleted.
     */
    List<String> unlisted(SyncJob job, List<String> prefixes, Instant windowStart, List<String> accounted) {
        return tx.inTransaction(
                conn -> evidenceReads.unlisted(conn, job.userId(), job.source(), prefixes, windowStart, accounted));
    }

    /**
     * Deletes the items the source confirmed gone, then completes the job with the metadata built for the number of
     * items deleted. Returns that number.
     *
     * @throws JobAbandoned when the job is no longer running; nothing is deleted
     */
    int complete(SyncJob job, List<String> gone, IntFunction<JsonObject> metadata) {
        return metrics.dbWrite(
                "complete",
                () -> tx.inTransaction(conn -> evidence.sweepSynced(conn, job.userId(), job.source(), gone)
                        .chain(deleted -> jobs.complete(conn, job.id(), metadata.apply(deleted.size()))
                                .chain(done -> OutboxWriter.append(conn, SyncJobEvents.updated(running(done))))
                                .replaceWith(deleted.size()))));
    }

    /** Marks the job failed with the message; a job that already ended is left as it is. */
    void fail(SyncJob job, String message, JsonObject metadata) {
        metrics.dbWrite(
                "fail",
                () -> tx.inTransaction(conn -> jobs.fail(conn, job.id(), message, metadata)
                        .call(failed -> failed.isEmpty()
                                ? Uni.createFrom().voidItem()
                                : OutboxWriter.append(conn, SyncJobEvents.updated(failed.get())))));
    }

    /** The job as the update returned it; empty means the reaper failed it meanwhile. */
    private static SyncJob running(Optional<SyncJob> updated) {
        return updated.orElseThrow(JobAbandoned::new);
    }
}
