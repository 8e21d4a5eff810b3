package io.pulse.evidence.profile.api;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The caller's profile. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "Profile", description = "The caller's profile; created on the first authenticated request")
public record ProfileView(
        UUID id,
        @Schema(nullable = true) String email,
        @Schema(nullable = true) String fullName,
        @Schema(nullable = true) String avatarUrl,

        @Schema(
                enumeration = {"individual", "manager"},
                description = "Always the role carried by the token")
        String role,

        @Schema(nullable = true) String gitlabUsername,

        @Schema(description = "Free-form client preferences (a JSON object)")
        Map<String, Object> preferences,

        Instant createdAt,
        Instant updatedAt) {}
