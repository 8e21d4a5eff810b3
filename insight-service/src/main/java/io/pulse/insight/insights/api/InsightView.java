package io.pulse.insight.insights.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An insight as the API shows it: the original design's {@code Insight} (its {@code content}) plus the review state,
 * the period and the model. {@code description} repeats {@code content} for clients of the first API version.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        name = "Insight",
        description = "An insight about the caller's work, citing its evidence",
        properties =
                @SchemaProperty(
                        name = "description",
                        type = SchemaType.STRING,
                        deprecated = true,
                        description = "Same as content (the name of the first API version)"))
public record InsightView(
        UUID id,

        @Schema(description = "The owner's profile id") UUID userId,

        @Schema(enumeration = {"strength", "improvement", "achievement", "trend"})
        String type,

        String title,

        @Schema(description = "The insight's text, grounded in the cited evidence")
        String content,

        @Schema(description = "The evidence the insight cites (at least one)")
        List<UUID> evidenceIds,

        @Schema(minimum = "0", maximum = "1") double confidence,

        boolean validated,
        boolean rejected,

        @Schema(nullable = true, description = "The owner's feedback; null when none was given")
        String feedback,

        @Schema(
                implementation = String.class,
                format = "date",
                nullable = true,
                description = "First day of the period the insight covers")
        LocalDate periodStart,

        @Schema(
                implementation = String.class,
                format = "date",
                nullable = true,
                description = "Last day of the period the insight covers")
        LocalDate periodEnd,

        @Schema(
                nullable = true,
                description = "Model or method that wrote it; evidence-semantic-v2(llm-unavailable) or"
                        + " evidence-semantic-v2(llm-malformed) when the statistical generator stood in for the LLM")
        String modelVersion,

        @Schema(
                description = "Superseded: a later generation of its period no longer produced it and nobody had"
                        + " reviewed it; retired insights are left out of lists")
        boolean retired,

        Instant createdAt,
        Instant updatedAt) {

    /** The first API version's name of {@link #content()}; kept so its clients keep working. */
    @JsonProperty("description")
    public String description() {
        return content;
    }
}
