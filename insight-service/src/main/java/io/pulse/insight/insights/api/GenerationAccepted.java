package io.pulse.insight.insights.api;

import java.time.LocalDate;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Answer to a generation request: it is queued. Its outcome is the {@link GenerationRequestView} at the answer's
 * {@code Location}; insights arrive as insight events.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "GenerationAccepted")
public record GenerationAccepted(
        UUID requestId,
        LocalDate periodStart,
        LocalDate periodEnd,
        @Schema(enumeration = {"accepted"}) String status) {}
