package io.pulse.evidence.goal.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.pulse.evidence.review.api.Citation;

/** An evidence item of the goal's period that reads like work towards the goal, and is not linked yet. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "GoalSuggestion")
public record GoalSuggestion(
        @Schema(required = true) Citation evidence,

        @Schema(nullable = true, description = "The search's relevance for the goal's text (fused score or similarity)")
        Double relevance,

        @Schema(
                nullable = true,
                enumeration = {"high", "low"})
        String confidence) {}
