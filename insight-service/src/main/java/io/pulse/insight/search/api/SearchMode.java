package io.pulse.insight.search.api;

import java.util.Locale;

/** How search ranks results. */
public enum SearchMode {
    /** By vector similarity to the query, above the threshold. */
    SEMANTIC,
    /**
     * Vector similarity fused with an IDF-weighted keyword match (any query term, prefixes of words); an item is
     * returned when its similarity reaches the threshold or it matches most of the query's keywords.
     */
    HYBRID;

    /** The name used in requests and responses. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
