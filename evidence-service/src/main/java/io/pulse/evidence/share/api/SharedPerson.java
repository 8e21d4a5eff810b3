package io.pulse.evidence.share.api;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A person who shares something with the caller, and how much of each kind. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "SharedPerson")
public record SharedPerson(
        @Schema(required = true) UUID ownerId,
        @Schema(nullable = true) String fullName,
        @Schema(nullable = true) String email,
        @Schema(required = true) long packets,
        @Schema(required = true) long evidence,
        @Schema(required = true) long insights) {}
