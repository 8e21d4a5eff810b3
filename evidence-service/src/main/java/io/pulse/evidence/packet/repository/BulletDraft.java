package io.pulse.evidence.packet.repository;

import java.util.List;
import java.util.UUID;

/** A bullet about to be written: its section, text and the evidence it cites (already checked). */
public record BulletDraft(String section, UUID goalId, UUID insightId, String text, List<UUID> citations) {}
