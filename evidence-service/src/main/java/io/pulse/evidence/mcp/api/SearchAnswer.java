package io.pulse.evidence.mcp.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code search_evidence}: the caller's items closest in meaning to the query, best first.
 *
 * @param query the query as searched
 * @param period the period searched, absent for all time
 * @param source the source searched, absent for all
 * @param count how many results there are
 * @param results best first, each citing its item
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SearchAnswer(String query, DateRange period, String source, int count, List<SearchResult> results) {

    /**
     * One hit.
     *
     * @param similarity cosine similarity to the query in [-1, 1], absent for a keyword-only hit
     * @param confidence high or low, absent when the model has no calibration
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SearchResult(
            String evidenceId,
            String title,
            String summary,
            String source,
            String category,
            List<String> tags,
            String occurredAt,
            Double similarity,
            String confidence,
            Citation citation) {}
}
