package io.pulse.evidence.export.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An export of the caller's account: where to download it, and until when. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Export", description = "An export of everything the product holds for the caller")
public record ExportView(
        @Schema(required = true) UUID id,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant createdAt,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant expiresAt,

        @Schema(required = true, description = "The archive (application/zip), for its owner only, until expires_at")
        String href) {}
