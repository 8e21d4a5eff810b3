package io.pulse.insight.insights.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An insight as the API shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InsightView(
        UUID id,
        String type,
        String title,
        String description,
        List<UUID> evidenceIds,
        double confidence,
        boolean validated,
        boolean rejected,
        String feedback,
        LocalDate periodStart,
        LocalDate periodEnd,
        String modelVersion,
        Instant createdAt,
        Instant updatedAt) {}
