package io.pulse.insight.insights.api;

import java.time.LocalDate;
import java.util.UUID;

/** Answer to a generation request: it is queued; insights arrive as insight events. */
public record GenerationAccepted(UUID requestId, LocalDate periodStart, LocalDate periodEnd, String status) {}
