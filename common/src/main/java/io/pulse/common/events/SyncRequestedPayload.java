package io.pulse.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A request for a worker to run a sync job.
 *
 * @param since explicit start of the range, or {@code null} to continue from the stored cursor
 */
public record SyncRequestedPayload(UUID jobId, String source, Instant since) implements EventPayload {}
