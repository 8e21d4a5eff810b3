package io.pulse.insight.search.api;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer to a search.
 *
 * @param query the query text
 * @param mode {@code semantic} or {@code hybrid}
 * @param model the embedding model the query and the items were compared in
 * @param threshold the similarity threshold applied
 * @param results best first
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SearchResult(String query, String mode, String model, double threshold, List<SearchHit> results) {}
