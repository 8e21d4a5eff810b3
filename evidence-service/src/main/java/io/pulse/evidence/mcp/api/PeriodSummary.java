package io.pulse.evidence.mcp.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code summarize_period}: what the caller's evidence of a period consists of, and its top achievements.
 *
 * @param total items whose work happened in the period
 * @param bySource items per source, largest first
 * @param byCategory items per category (the item's own category), largest first
 * @param bySuggestedCategory items per category suggested by enrichment (an item may count under several)
 * @param topAchievements the period's achievement insights, validated first, then by confidence
 * @param notes what the answer could not include, and why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PeriodSummary(
        DateRange period,
        long total,
        List<Tally> bySource,
        List<Tally> byCategory,
        List<Tally> bySuggestedCategory,
        List<Achievement> topAchievements,
        List<String> notes) {

    /** A count of items under one name. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Tally(String name, long count) {}

    /** An achievement insight with the items it cites. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Achievement(
            String insightId,
            String title,
            String content,
            double confidence,
            boolean validated,
            List<String> evidenceIds,
            List<Citation> citations) {}
}
