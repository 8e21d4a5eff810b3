package io.pulse.insight.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Search settings. */
@ConfigMapping(prefix = "pulse.search")
public interface SearchConfig {

    /**
     * Similarity threshold when the request gives none (the original design's 0.7; all-MiniLM-L6-v2 scores close
     * paraphrases around 0.5-0.8, so clients wanting broad recall pass a lower one).
     */
    @WithDefault("0.7")
    double defaultThreshold();
}
