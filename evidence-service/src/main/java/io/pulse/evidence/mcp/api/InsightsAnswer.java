package io.pulse.evidence.mcp.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code list_insights}: the caller's insights, newest first, each citing its evidence.
 *
 * @param period the period asked for (insights whose period overlaps it), absent for all time
 * @param type the type asked for, absent for all
 * @param validated the review state asked for, absent for both
 * @param count how many insights are listed
 * @param more whether more insights match than are listed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InsightsAnswer(
        DateRange period, String type, Boolean validated, int count, boolean more, List<InsightItem> insights) {

    /**
     * One insight.
     *
     * @param evidenceIds every item the insight cites
     * @param citations the cited items with their links (at most {@code pulse.mcp.max-citations-per-insight};
     *     items deleted since are left out)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InsightItem(
            String insightId,
            String type,
            String title,
            String content,
            double confidence,
            boolean validated,
            String periodStart,
            String periodEnd,
            List<String> evidenceIds,
            List<Citation> citations) {}
}
