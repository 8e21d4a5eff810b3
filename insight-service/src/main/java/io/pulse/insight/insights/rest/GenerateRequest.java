package io.pulse.insight.insights.rest;

import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code POST /api/v1/insights/generate}: the period, both days inclusive. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "GenerateInsights", description = "The period to generate insights for, both days inclusive")
public record GenerateRequest(
        @Schema(required = true) LocalDate periodStart,

        @Schema(required = true, description = "At most pulse.insights.max-requested-period after period_start")
        LocalDate periodEnd) {}
