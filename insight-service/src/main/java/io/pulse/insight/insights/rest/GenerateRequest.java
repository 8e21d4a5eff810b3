package io.pulse.insight.insights.rest;

import java.time.LocalDate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code POST /api/v1/insights/generate}: the period, both days inclusive. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GenerateRequest(LocalDate periodStart, LocalDate periodEnd) {}
