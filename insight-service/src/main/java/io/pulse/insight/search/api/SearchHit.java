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
 * @param similarity cosine similarity of the item to the query in [-1, 1] (null in hybrid mode for items found only
 *     by full text whose vector is below the threshold)
 * @param score the fused rank score (hybrid mode only)
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
        Double score) {}
