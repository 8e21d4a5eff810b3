package io.pulse.insight.insights.generation;

import java.util.List;
import java.util.UUID;

/**
 * An insight proposed by a generator, before its citations are checked.
 *
 * @param type strength, improvement, achievement or trend
 * @param subject what it is about, stable across regenerations (e.g. {@code category:testing}); with the type and
 *     the period it forms the fingerprint
 * @param evidenceIds the items it cites
 * @param confidence in [0, 1]
 * @param method the generator, recorded as {@code model_version}
 * @param notAnId cited entries dropped while parsing because they are not ids at all
 * @param repeated cited entries dropped while parsing because the same id was cited before
 */
public record InsightCandidate(
        String type,
        String subject,
        String title,
        String description,
        List<UUID> evidenceIds,
        double confidence,
        String method,
        int notAnId,
        int repeated) {

    public static final List<String> TYPES = List.of("strength", "improvement", "achievement", "trend");

    public InsightCandidate {
        evidenceIds = List.copyOf(evidenceIds);
    }

    /** A candidate whose citations were all read as ids. */
    public InsightCandidate(
            String type,
            String subject,
            String title,
            String description,
            List<UUID> evidenceIds,
            double confidence,
            String method) {
        this(type, subject, title, description, evidenceIds, confidence, method, 0, 0);
    }

    /** The same insight, written by another method (e.g. a fallback). */
    public InsightCandidate withMethod(String other) {
        return new InsightCandidate(
                type, subject, title, description, evidenceIds, confidence, other, notAnId, repeated);
    }
}
