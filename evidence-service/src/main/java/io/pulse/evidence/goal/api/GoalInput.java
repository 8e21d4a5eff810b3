package io.pulse.evidence.goal.api;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A goal of a period, with an optional measurable target (e.g. 30 -> 50 "services on the new pipeline"). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "GoalInput", description = "A goal of a period: the whole goal, for creating and for replacing it")
public record GoalInput(
        @Schema(required = true, maxLength = GoalLimits.MAX_TITLE)
        String title,

        @Schema(nullable = true, maxLength = GoalLimits.MAX_DESCRIPTION)
        String description,

        @Schema(
                nullable = true,
                enumeration = {"not_started", "in_progress", "achieved", "missed", "dropped"},
                defaultValue = "not_started")
        String status,

        @Schema(nullable = true, description = "The measurable target, > 0")
        BigDecimal targetValue,

        @Schema(nullable = true, description = "Where the measure stands now, >= 0")
        BigDecimal currentValue,

        @Schema(nullable = true, maxLength = GoalLimits.MAX_UNIT, description = "Unit of the target, e.g. 'services'")
        String targetUnit) {}
