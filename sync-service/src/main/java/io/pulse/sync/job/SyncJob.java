package io.pulse.sync.job;

import java.time.Instant;
import java.util.UUID;

import io.pulse.common.events.SyncJobPayload;
import io.vertx.core.json.JsonObject;

/** A row of {@code sync_jobs}. {@code metadata} holds the cursor and run statistics. */
public record SyncJob(
        UUID id,
        UUID userId,
        String source,
        String status,
        Instant startedAt,
        Instant completedAt,
        int itemsProcessed,
        int itemsCreated,
        String errorMessage,
        Instant lastSyncAt,
        JsonObject metadata,
        Instant createdAt) {

    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    /** The realtime event body for this state. */
    public SyncJobPayload payload() {
        return new SyncJobPayload(id, source, status, itemsProcessed, itemsCreated, errorMessage, lastSyncAt);
    }
}
