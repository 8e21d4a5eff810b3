package io.pulse.insight.search.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer to a search.
 *
 * @param query the query text
 * @param mode {@code semantic} or {@code hybrid}
 * @param model the embedding model the query and the items were compared in
 * @param threshold the similarity threshold applied (for the {@code relative} rule: the cut it computed, null when
 *     there was nothing to compare)
 * @param thresholdSource where the threshold came from: {@code request}, {@code calibrated} (the value calibrated for
 *     the model) or {@code relative} (a model without calibration: a fraction of the best hit's similarity)
 * @param results best first
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "SearchResult")
public record SearchResult(
        String query,
        @Schema(enumeration = {"semantic", "hybrid"}) String mode,
        String model,

        @Schema(nullable = true, description = "The threshold applied; null when there was nothing to compare")
        Double threshold,

        @Schema(enumeration = {"request", "calibrated", "relative"})
        String thresholdSource,

        List<SearchHit> results) {}
