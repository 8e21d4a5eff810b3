package io.pulse.evidence.packet.repository;

import java.util.List;
import java.util.UUID;

import io.pulse.evidence.review.api.Citation;

/** A stored bullet with the citations that passed the check (empty: the bullet is dropped from this reading). */
public record StoredBullet(
        UUID id,
        String section,
        UUID goalId,
        UUID insightId,
        int position,
        String text,
        boolean edited,
        List<Citation> validCitations) {}
