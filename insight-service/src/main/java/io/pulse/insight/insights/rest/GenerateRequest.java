package io.pulse.insight.insights.rest;

import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Body of {@code POST /api/v1/insights/generate}: one of the caller's review periods, or a span of days (both
 * inclusive).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        name = "GenerateInsights",
        description = "The span to generate insights for: period_id (one of your review periods), or period_start and"
                + " period_end (both days inclusive)")
public record GenerateRequest(
        @Schema(nullable = true, description = "Required unless period_id is given")
        LocalDate periodStart,

        @Schema(
                nullable = true,
                description = "Required unless period_id is given; at most pulse.insights.max-requested-period after"
                        + " period_start")
        LocalDate periodEnd,

        @Schema(nullable = true, description = "One of your review periods; its days are the span")
        java.util.UUID periodId) {}
