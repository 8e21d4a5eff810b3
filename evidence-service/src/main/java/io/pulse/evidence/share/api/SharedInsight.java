package io.pulse.evidence.share.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An insight as its owner's manager sees it once shared (read-only, without feedback). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "SharedInsight")
public record SharedInsight(
        @Schema(required = true) UUID id,

        @Schema(
                required = true,
                enumeration = {"strength", "improvement", "achievement", "trend"})
        String type,

        @Schema(required = true) String title,
        @Schema(required = true) String content,
        @Schema(required = true) List<UUID> evidenceIds,
        @Schema(required = true) double confidence,
        @Schema(required = true) boolean validated,

        @Schema(nullable = true, implementation = String.class, format = "date")
        LocalDate periodStart,

        @Schema(nullable = true, implementation = String.class, format = "date")
        LocalDate periodEnd,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant createdAt) {}
