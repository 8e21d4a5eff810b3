package io.pulse.evidence.profile.repository;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A row of {@code profiles} as this service reads it. */
public record ProfileRow(
        UUID id,
        String email,
        String fullName,
        String avatarUrl,
        String role,
        String gitlabUsername,
        Map<String, Object> preferences,
        Instant createdAt,
        Instant updatedAt) {}
