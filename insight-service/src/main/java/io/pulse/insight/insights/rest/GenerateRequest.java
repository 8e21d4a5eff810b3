package io.pulse.insight.insights.rest;

import java.time.LocalDate;

/** Body of {@code POST /api/v1/insights/generate}: the period, both days inclusive. */
public record GenerateRequest(LocalDate periodStart, LocalDate periodEnd) {}
