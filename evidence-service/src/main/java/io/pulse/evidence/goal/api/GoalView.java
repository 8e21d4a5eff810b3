package io.pulse.evidence.goal.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.pulse.evidence.review.api.Citation;

/** A goal with its linked evidence and how far its target has come. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Goal", description = "A goal of a period, its linked evidence and its progress")
public record GoalView(
        @Schema(required = true) UUID id,
        @Schema(required = true) UUID periodId,
        @Schema(required = true) String title,
        @Schema(required = true) String description,

        @Schema(
                required = true,
                enumeration = {"not_started", "in_progress", "achieved", "missed", "dropped"})
        String status,

        @Schema(nullable = true) BigDecimal targetValue,
        @Schema(nullable = true) BigDecimal currentValue,
        @Schema(nullable = true) String targetUnit,

        @Schema(
                nullable = true,
                minimum = "0",
                maximum = "1",
                description = "current_value / target_value, capped at 1; null without a measurable target")
        Double progress,

        @Schema(required = true, description = "Linked evidence, newest work first")
        List<Citation> evidence,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant createdAt,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant updatedAt) {}
