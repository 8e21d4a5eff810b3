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
 */
public record InsightCandidate(
        String type,
        String subject,
        String title,
        String description,
        List<UUID> evidenceIds,
        double confidence,
        String method) {

    public static final List<String> TYPES = List.of("strength", "improvement", "achievement", "trend");

    public InsightCandidate {
        evidenceIds = List.copyOf(evidenceIds);
    }

    public InsightCandidate withEvidenceIds(List<UUID> ids) {
        return new InsightCandidate(type, subject, title, description, ids, confidence, method);
    }
}
