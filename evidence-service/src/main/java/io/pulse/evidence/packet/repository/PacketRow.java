package io.pulse.evidence.packet.repository;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code review_packets}. */
public record PacketRow(
        UUID id, UUID userId, UUID periodId, String generator, Instant generatedAt, Instant updatedAt) {}
