package io.pulse.insight.search;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Search settings. */
@ConfigMapping(prefix = "pulse.search")
public interface SearchConfig {

    /**
     * Calibration per embedding model id (the id stored with every vector, {@code pulse.embedding.model-id}).
     * Cosine similarities live in a different range for every model, so each value is measured on the labelled
     * retrieval set ({@code RetrievalQualityTest} prints the measurements); models without an entry use
     * {@link #relativeCut()}.
     */
    Map<String, Calibration> calibration();

    /** The calibrated similarities of one embedding model. */
    interface Calibration {

        /**
         * Threshold when the request gives none: below the similarity of nearly every relevant item to its query on
         * the labelled set (a default search must not come back empty when an item answers the query).
         */
        double threshold();

        /**
         * Similarity from which a hit is reported as {@code high} confidence: above the best similarity that any query
         * without a relevant item reached on the labelled set.
         */
        double confident();
    }

    /**
     * For a model without a calibrated threshold: a request without threshold keeps the hits whose similarity is at
     * least this fraction of the best hit's, so it still returns the best matches in any model's range.
     */
    @WithDefault("0.85")
    double relativeCut();

    /** Ranking mode when the request gives none: {@code hybrid} or {@code semantic}. */
    @WithDefault("hybrid")
    String defaultMode();

    /** Hybrid ranking. */
    Hybrid hybrid();

    /** Settings of hybrid ranking (vector similarity fused with a keyword match). */
    interface Hybrid {

        /**
         * Weight of the keyword match in the fused score (the vector similarity, min-max normalised over the
         * candidates, has {@code 1 - text-weight}).
         */
        @WithDefault("0.5")
        double textWeight();

        /**
         * Keyword match (share of the query's IDF-weighted terms an item contains, in [0, 1]) from which an item is
         * returned even when its similarity is below the threshold: exact identifiers such as ticket keys or MR
         * numbers, which embedding models barely see. Such a hit is also reported as {@code high} confidence.
         */
        @WithDefault("0.5")
        double textFloor();

        /** Candidates taken from each leg before fusion. */
        @WithDefault("50")
        int candidates();
    }
}
