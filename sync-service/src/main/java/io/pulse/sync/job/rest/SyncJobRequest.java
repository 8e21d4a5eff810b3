package io.pulse.sync.job.rest;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /api/v1/sync-jobs}.
 *
 * @param source {@code gitlab} or {@code jira}
 * @param since optional start of the range (ISO-8601); without it the run continues from the last successful run
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SyncJobRequest(String source, Instant since) {}
