package io.pulse.insight.search.service;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.pulse.insight.search.api.SearchHit;
import io.pulse.insight.search.repository.SearchCandidate;

/**
 * Ranks search candidates. Hybrid: a convex combination of the vector similarity, min-max normalised over the
 * candidates (so the fusion does not depend on the model's similarity range), and the keyword match, which is
 * already in [0, 1]. A combination of normalised scores keeps how far apart items are, where reciprocal rank fusion
 * keeps only their order, so a strong keyword match (a ticket key) can lift an item that the vectors barely
 * distinguish, and a single common word cannot outrank a clear semantic match.
 *
 * <p>An item is returned when its similarity reaches the threshold, or (hybrid) its keyword match reaches the floor.
 */
public final class HybridRanker {

    /** The fusion's settings and the calibration it reports confidence against. */
    public record Settings(double textWeight, double textFloor, Double confident) {}

    private HybridRanker() {}

    /**
     * @param threshold the similarity cut, or null to admit items by their keyword match only
     * @return the admitted items, best first, with their similarity, fused score and confidence
     */
    public static List<SearchHit> hybrid(
            List<SearchCandidate> candidates, Double threshold, Settings settings, int limit) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (SearchCandidate c : candidates) {
            if (c.similarity() != null) {
                min = Math.min(min, c.similarity());
                max = Math.max(max, c.similarity());
            }
        }
        double low = min;
        double span = max - min;
        record Scored(SearchCandidate candidate, double score) {}
        return candidates.stream()
                .filter(c -> reaches(c.similarity(), threshold) || c.keywordMatch() >= settings.textFloor())
                .map(c -> {
                    double vector = c.similarity() == null ? 0 : span > 0 ? (c.similarity() - low) / span : 1;
                    return new Scored(
                            c, (1 - settings.textWeight()) * vector + settings.textWeight() * c.keywordMatch());
                })
                .sorted(Comparator.comparingDouble((Scored s) -> -s.score())
                        .thenComparing(
                                s -> -Objects.requireNonNullElse(s.candidate().similarity(), -2.0))
                        .thenComparing(s -> s.candidate().hit().id()))
                .limit(limit)
                .map(s -> s.candidate()
                        .hit()
                        .withScores(
                                round(s.candidate().similarity()),
                                round(s.score()),
                                confidence(s.candidate(), settings)))
                .toList();
    }

    /** Semantic: the candidates (already best first) that reach the threshold. */
    public static List<SearchHit> semantic(List<SearchCandidate> candidates, Double threshold, Double confident) {
        Settings settings = new Settings(0, Double.POSITIVE_INFINITY, confident);
        return candidates.stream()
                .filter(c -> reaches(c.similarity(), threshold))
                .map(c -> c.hit().withScores(round(c.similarity()), null, confidence(c, settings)))
                .toList();
    }

    private static boolean reaches(Double similarity, Double threshold) {
        return threshold != null && similarity != null && similarity >= threshold;
    }

    private static String confidence(SearchCandidate c, Settings settings) {
        if (settings.confident() == null) {
            return null;
        }
        return reaches(c.similarity(), settings.confident()) || c.keywordMatch() >= settings.textFloor()
                ? "high"
                : "low";
    }

    static Double round(Double value) {
        return value == null ? null : Math.round(value * 10000) / 10000.0;
    }
}
