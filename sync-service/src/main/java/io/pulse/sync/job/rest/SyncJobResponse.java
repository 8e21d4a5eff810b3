package io.pulse.sync.job.rest;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.pulse.sync.job.SyncJob;

/** A sync job as the API shows it; {@code metadata} holds the cursor and run statistics. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "SyncJob")
public record SyncJobResponse(
        UUID id,
        @Schema(enumeration = {"gitlab", "jira", "manual"}) String source,

        @Schema(enumeration = {"pending", "running", "completed", "failed"})
        String status,

        int itemsProcessed,
        int itemsCreated,
        @Schema(nullable = true) String errorMessage,

        @Schema(implementation = String.class, format = "date-time", nullable = true)
        Instant startedAt,

        @Schema(implementation = String.class, format = "date-time", nullable = true)
        Instant completedAt,

        @Schema(
                implementation = String.class,
                format = "date-time",
                nullable = true,
                description = "End of the range the last successful run covered")
        Instant lastSyncAt,

        Instant createdAt,
        @Schema(description = "Cursor and run statistics") Map<String, Object> metadata) {

    static SyncJobResponse of(SyncJob job) {
        return new SyncJobResponse(
                job.id(),
                job.source(),
                job.status(),
                job.itemsProcessed(),
                job.itemsCreated(),
                job.errorMessage(),
                job.startedAt(),
                job.completedAt(),
                job.lastSyncAt(),
                job.createdAt(),
                job.metadata().getMap());
    }
}
