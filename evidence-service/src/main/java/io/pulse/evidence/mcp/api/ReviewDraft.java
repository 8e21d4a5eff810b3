package io.pulse.evidence.mcp.api;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code draft_review}'s answer: the period's review packet, section by section, each bullet with the citations the
 * server checked (the item exists, is the caller's and happened in the period).
 *
 * @param periodId the review period
 * @param period its name
 * @param startDate its first day
 * @param endDate its last day (included)
 * @param generator what wrote the bullets' first text: the statistical generator or the LLM model
 * @param sections achievements, strengths, growth areas, trends and progress on goals, in that order
 * @param droppedBullets bullets left out because none of their citations passed the check
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReviewDraft(
        String periodId,
        String period,
        String startDate,
        String endDate,
        String generator,
        List<Section> sections,
        int droppedBullets) {

    /** One section and its bullets. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Section(String key, String title, List<Bullet> bullets) {}

    /** A bullet's text (as the owner last edited it) and its checked citations. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Bullet(String text, boolean edited, List<Citation> citations) {}
}
