package io.pulse.common.events;

import java.time.Instant;
import java.util.UUID;

/** Body of the sync-job progress events. */
public record SyncJobPayload(
        UUID jobId,
        String source,
        String status,
        int itemsProcessed,
        int itemsCreated,
        String errorMessage,
        Instant lastSyncAt)
        implements EventPayload {}
