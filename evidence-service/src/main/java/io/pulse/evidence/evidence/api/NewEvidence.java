package io.pulse.evidence.evidence.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A manual evidence item. Only these fields exist: anything the system writes (source, source ids, summary,
 * embedding, AI metadata, owner) is rejected as an unknown field.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "NewEvidence", description = "A manual evidence item")
public record NewEvidence(
        @Schema(required = true, maxLength = EvidenceLimits.MAX_TITLE)
        String title,

        @Schema(required = true, maxLength = EvidenceLimits.MAX_CONTENT)
        String content,

        @Schema(nullable = true, maxLength = EvidenceLimits.MAX_CATEGORY, pattern = EvidenceLimits.CATEGORY_PATTERN)
        String category,

        @Schema(
                nullable = true,
                maxItems = EvidenceLimits.MAX_TAGS,
                description = "Each tag matches " + EvidenceLimits.TAG_PATTERN)
        List<String> tags,

        @Schema(nullable = true, maxLength = EvidenceLimits.MAX_URL, description = "http(s) URL")
        String sourceUrl,

        @Schema(
                implementation = String.class,
                format = "date-time",
                nullable = true,
                description = "When the work happened; defaults to now")
        Instant occurredAt) {}
