package io.pulse.insight.search.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One search result.
 *
 * @param similarity cosine similarity of the item to the query in [-1, 1] (null for an item found by its keywords
 *     whose vector is of another model)
 * @param score the fused score in [0, 1] (hybrid mode only)
 * @param confidence {@code high} when the similarity reaches the model's calibrated confident value or (hybrid) the
 *     item matches most of the query's keywords, else {@code low}; absent for a model without calibration
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SearchHit(
        UUID id,
        String title,
        String summary,
        String source,
        String category,
        List<String> tags,
        Instant occurredAt,
        Double similarity,
        Double score,
        String confidence) {

    public SearchHit withScores(Double similarity, Double score, String confidence) {
        return new SearchHit(id, title, summary, source, category, tags, occurredAt, similarity, score, confidence);
    }
}
