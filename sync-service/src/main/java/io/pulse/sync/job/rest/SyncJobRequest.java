package io.pulse.sync.job.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /api/v1/sync-jobs}.
 *
 * @param source {@code gitlab} or {@code jira}
 * @param since optional start of the range (ISO-8601); without it the run continues from the last successful run
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "NewSyncJob")
public record SyncJobRequest(
        @Schema(
                required = true,
                enumeration = {"gitlab", "jira"})
        String source,

        @Schema(
                implementation = String.class,
                format = "date-time",
                nullable = true,
                description = "Start of the range; default: where the last successful run ended")
        Instant since) {}
