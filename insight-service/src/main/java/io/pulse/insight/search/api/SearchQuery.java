package io.pulse.insight.search.api;

import java.time.Instant;
import java.util.List;

/**
 * A validated search request.
 *
 * @param text the query text
 * @param threshold minimum cosine similarity in [0, 1] asked for by the request, or null for the model's default
 * @param limit most results, 1..50
 * @param mode ranking mode
 * @param source only this source, or null
 * @param category only this category, or null
 * @param tags only items carrying all these tags
 * @param from only work that happened at or after this instant, or null
 * @param to only work that happened before this instant, or null
 * @param periodId only work within this review period of the caller's, or null
 */
public record SearchQuery(
        String text,
        Double threshold,
        int limit,
        SearchMode mode,
        String source,
        String category,
        List<String> tags,
        Instant from,
        Instant to,
        java.util.UUID periodId) {

    public SearchQuery {
        tags = List.copyOf(tags);
    }
}
