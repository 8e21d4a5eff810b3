package io.pulse.common.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Body of the evidence events. Content is deliberately absent (events are fanned out widely); consumers that need
 * it read the row. {@code version} orders changes to one item: a consumer never lets an older version overwrite
 * work done for a newer one.
 */
public record EvidencePayload(
        UUID evidenceId,
        long version,
        String source,
        String title,
        String category,
        List<String> tags,
        Instant occurredAt)
        implements EventPayload {

    public EvidencePayload {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
