package io.pulse.sync.ingest;

import java.util.Collection;
import java.util.List;

import io.pulse.common.evidence.SourceItem;

/**
 * Where a fetcher hands over what it learnt. Thread-safe: fetchers call it from the shared fetch pool too.
 *
 * <p>Deletion is never inferred from absence: a listing page can shift while it is read. A fetcher lists, then asks
 * for the stored items it did not see ({@link #unlisted()}), looks each one up at the source, and reports the ones the
 * source positively says are gone (404/410) or no longer the user's ({@link #gone}); only those are deleted.
 */
public interface PageSink {

    /** Stores the items of one page in one transaction (all or nothing). */
    void accept(List<SourceItem> page);

    /**
     * An item that could not be read this run (a sub-resource such as an MR's commits answered 404 after the
     * listing): it stays as stored and the job's result names it.
     */
    void skipped(String sourceId, String reason);

    /**
     * The stored items of the fetcher's kinds inside the run's window that this run has neither stored nor skipped
     * so far (one database read).
     */
    List<String> unlisted();

    /** Items the source confirmed gone or no longer the user's; deleted when the run completes. */
    void gone(Collection<String> sourceIds);
}
