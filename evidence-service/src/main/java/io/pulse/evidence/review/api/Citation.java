package io.pulse.evidence.review.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An evidence item as a goal or a packet bullet cites it: enough to show and open it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Citation", description = "A cited evidence item: its id, title, source, link and date")
public record Citation(
        @Schema(required = true) UUID evidenceId,
        @Schema(required = true) String title,

        @Schema(
                required = true,
                enumeration = {"gitlab", "jira", "upload", "manual"})
        String source,

        @Schema(nullable = true, description = "The item at its source (MR, Jira issue, document download)")
        String sourceUrl,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant occurredAt) {}
