package io.pulse.insight.search.api;

import java.util.List;

/**
 * The answer to a search.
 *
 * @param query the query text
 * @param mode {@code semantic} or {@code hybrid}
 * @param model the embedding model the query and the items were compared in
 * @param threshold the similarity threshold applied
 * @param results best first
 */
public record SearchResult(String query, String mode, String model, double threshold, List<SearchHit> results) {}
