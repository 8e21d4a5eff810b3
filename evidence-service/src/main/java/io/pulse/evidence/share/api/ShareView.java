package io.pulse.evidence.share.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One thing an owner shares with their manager. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Share")
public record ShareView(
        @Schema(required = true) UUID id,

        @Schema(
                required = true,
                enumeration = {"packet", "evidence", "insight"})
        String kind,

        @Schema(required = true) UUID itemId,
        @Schema(required = true) UUID managerId,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant createdAt) {}
