package io.pulse.evidence.profile.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An accepted request to erase the caller's account. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Erasure", description = "An accepted account erasure; it completes within seconds")
public record ErasureView(
        @Schema(required = true) UUID id,

        @Schema(
                required = true,
                enumeration = {"pending"})
        String status,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant requestedAt) {}
