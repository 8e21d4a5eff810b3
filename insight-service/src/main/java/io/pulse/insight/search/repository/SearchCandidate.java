package io.pulse.insight.search.repository;

import io.pulse.insight.search.api.SearchHit;

/**
 * An item that one of the search legs found, before ranking.
 *
 * @param hit the item (its scores are filled in by the ranking)
 * @param similarity cosine similarity to the query, or null when the item's vector is missing or of another model
 * @param keywordMatch IDF-weighted share of the query's terms the item contains, in [0, 1] (title matches count
 *     fully, content matches {@value SearchRepository#CONTENT_MATCH_WEIGHT}); 0 in semantic mode
 */
public record SearchCandidate(SearchHit hit, Double similarity, double keywordMatch) {}
