package io.pulse.evidence.share.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The caller's named manager. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Manager")
public record ManagerView(
        @Schema(required = true) UUID managerId,

        @Schema(nullable = true, description = "The address the owner named the manager by")
        String email,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant since) {}
