package io.pulse.sync.ingest;

import java.util.List;

/** Lists a user's work at one source and hands it over page by page. */
public interface SourceFetcher {

    /** {@code gitlab} or {@code jira}. */
    String source();

    /**
     * The item kinds this fetcher produces. Every kind is listed in full for the run's window, so stored items of
     * these kinds in the window that were not seen no longer exist at the source (or are no longer the user's).
     */
    List<String> kinds();

    /**
     * Fetches everything in the request's window.
     *
     * @throws io.pulse.sync.http.SourceException when the source fails for good
     */
    void fetch(FetchRequest request, PageSink sink);
}
