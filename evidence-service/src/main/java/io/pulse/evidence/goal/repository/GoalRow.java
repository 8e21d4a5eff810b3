package io.pulse.evidence.goal.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code goals}. */
public record GoalRow(
        UUID id,
        UUID periodId,
        String title,
        String description,
        String status,
        BigDecimal targetValue,
        BigDecimal currentValue,
        String targetUnit,
        Instant createdAt,
        Instant updatedAt) {}
