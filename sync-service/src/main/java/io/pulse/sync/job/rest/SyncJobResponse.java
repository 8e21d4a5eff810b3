package io.pulse.sync.job.rest;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.pulse.sync.job.SyncJob;

/** A sync job as the API shows it; {@code metadata} holds the cursor and run statistics. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SyncJobResponse(
        UUID id,
        String source,
        String status,
        int itemsProcessed,
        int itemsCreated,
        String errorMessage,
        Instant startedAt,
        Instant completedAt,
        Instant lastSyncAt,
        Instant createdAt,
        Map<String, Object> metadata) {

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
