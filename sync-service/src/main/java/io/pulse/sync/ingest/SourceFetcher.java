package io.pulse.sync.ingest;

import java.util.List;

/** Lists a user's work at one source and hands it over page by page. */
public interface SourceFetcher {

    /** {@code gitlab} or {@code jira}. */
    String source();

    /**
     * The item kinds this fetcher produces. Stored items of these kinds inside the run's window that the listings
     * did not show are looked up one by one before the run ends ({@link PageSink#unlisted()}).
     */
    List<String> kinds();

    /**
     * Fetches everything in the request's window, then re-checks the stored items it did not see and reports those
     * the source confirms gone. Runs on a sync worker thread and blocks on HTTP.
     *
     * @throws io.pulse.sync.http.SourceException when the source fails for good
     */
    FetchSummary fetch(FetchRequest request, PageSink sink);
}
