package io.pulse.insight.search.service;

import java.util.List;
import java.util.Locale;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.insight.search.SearchConfig;
import io.pulse.insight.search.repository.SearchCandidate;

/**
 * Which similarity threshold a search applies: the request's, else the value calibrated for the embedding model in
 * use, else (a model nobody calibrated, e.g. a newly configured OpenAI-compatible one) a cut relative to the best
 * hit, which returns the best matches whatever the model's similarity range.
 */
@ApplicationScoped
public class SearchThresholds {

    /** Where the applied threshold came from, as the response reports it. */
    public enum Source {
        REQUEST,
        CALIBRATED,
        RELATIVE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A threshold before the search.
     *
     * @param value the minimum similarity, or null when it is relative to the best hit
     * @param confident the calibrated similarity from which a hit is a confident match, or null when the model has no
     *     calibration
     */
    public record Rule(Double value, Source source, Double confident) {}

    private final SearchConfig config;

    public SearchThresholds(SearchConfig config) {
        this.config = config;
    }

    /** The rule for a request that asked for {@code requested} (null: none) in the space of {@code modelId}. */
    public Rule rule(Double requested, String modelId) {
        SearchConfig.Calibration calibration = config.calibration().get(modelId);
        Double confident = calibration == null ? null : calibration.confident();
        if (requested != null) {
            return new Rule(requested, Source.REQUEST, confident);
        }
        return calibration != null
                ? new Rule(calibration.threshold(), Source.CALIBRATED, confident)
                : new Rule(null, Source.RELATIVE, null);
    }

    /**
     * The similarity cut the rule applies to these candidates: its value, or for the relative rule a fraction of the
     * best similarity among them (null when none has one).
     */
    public Double cut(Rule rule, List<SearchCandidate> candidates) {
        if (rule.value() != null) {
            return rule.value();
        }
        return candidates.stream()
                .map(SearchCandidate::similarity)
                .filter(s -> s != null)
                .max(Double::compare)
                .map(best -> best > 0 ? best * config.relativeCut() : best)
                .orElse(null);
    }
}
