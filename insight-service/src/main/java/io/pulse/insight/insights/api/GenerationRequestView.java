package io.pulse.insight.insights.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A generation request and its outcome, as the API shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(
        name = "GenerationRequest",
        description = "A request to generate insights and where it stands: pending until generated, then completed"
                + " (perhaps by the statistical generator standing in for the LLM: fallback) or failed")
public record GenerationRequestView(
        UUID id,

        @Schema(description = "The owner's profile id") UUID userId,

        @Schema(enumeration = {"pending", "completed", "failed"})
        String status,

        @Schema(
                enumeration = {"api", "enrichment"},
                description = "api: asked for with POST /api/v1/insights/generate; enrichment: the rolling window,"
                        + " regenerated after new evidence was enriched")
        String trigger,

        @Schema(implementation = String.class, format = "date", description = "First day of the period")
        LocalDate periodStart,

        @Schema(implementation = String.class, format = "date", description = "Last day of the period")
        LocalDate periodEnd,

        @Schema(
                nullable = true,
                description = "What wrote the insights (their model_version), e.g. llm:gpt-4o-mini,"
                        + " evidence-semantic-v2, or evidence-semantic-v2(llm-unavailable) for the fallback; null"
                        + " until completed")
        String generator,

        @Schema(description = "Whether the statistical generator stood in for the LLM, which failed")
        boolean fallback,

        @Schema(
                nullable = true,
                description = "Why it fell back or failed: llm_unavailable (the LLM could not be reached or kept"
                        + " failing), llm_malformed_output (its answers were unusable), generation_error; null"
                        + " otherwise")
        String reason,

        @Schema(
                nullable = true,
                description = "The class of the LLM's failure: timeout, connection, rate_limited, auth, 4xx, 5xx,"
                        + " malformed or other; null when the LLM did not fail")
        String llmError,

        @Schema(nullable = true, description = "The outcome in words, for people; null when there is nothing to say")
        String detail,

        @Schema(description = "Insights this request created")
        int insightsCreated,

        @Schema(description = "Insights this request rewrote")
        int insightsUpdated,

        @Schema(description = "Unreviewed insights of the same scope this request superseded (retired)")
        int insightsRetired,

        Instant requestedAt,

        @Schema(nullable = true, description = "When it completed or failed; null while pending")
        Instant completedAt) {}
