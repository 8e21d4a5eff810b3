package io.pulse.insight.search.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(name = "SearchHit")
public record SearchHit(
        @Schema(required = true) UUID id,
        @Schema(required = true) String title,

        @Schema(description = "Absent until the item is enriched")
        String summary,

        @Schema(
                required = true,
                enumeration = {"gitlab", "jira", "upload", "manual"})
        String source,

        String category,
        List<String> tags,
        @Schema(required = true) Instant occurredAt,

        @Schema(description = "Cosine similarity in [-1, 1]; absent for a keyword-only hit of another model")
        Double similarity,

        @Schema(description = "Fused score in [0, 1], hybrid mode only")
        Double score,

        @Schema(
                enumeration = {"high", "low"},
                description = "Absent for a model without calibration")
        String confidence) {

    public SearchHit withScores(Double similarity, Double score, String confidence) {
        return new SearchHit(id, title, summary, source, category, tags, occurredAt, similarity, score, confidence);
    }
}
