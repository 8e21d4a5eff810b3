package io.pulse.common.events;

import java.util.List;
import java.util.UUID;

/** Body of the insight events. */
public record InsightPayload(
        UUID insightId,
        String type,
        String title,
        double confidenceScore,
        List<UUID> evidenceIds,
        boolean validated,
        boolean rejected)
        implements EventPayload {

    public InsightPayload {
        evidenceIds = evidenceIds == null ? List.of() : List.copyOf(evidenceIds);
    }
}
