package io.pulse.sync.ingest;

/**
 * What a completed fetch reports about itself for the job's metadata.
 *
 * @param httpRequests requests this run sent to the source, retries included
 */
public record FetchSummary(long httpRequests) {}
