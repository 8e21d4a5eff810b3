package io.pulse.insight.search.api;

/** How search ranks results. */
public enum SearchMode {
    /** By vector similarity to the query, above the threshold. */
    SEMANTIC,
    /** Reciprocal rank fusion of vector similarity (above the threshold) and full-text rank. */
    HYBRID
}
