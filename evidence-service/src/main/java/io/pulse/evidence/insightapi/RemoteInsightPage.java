package io.pulse.evidence.insightapi;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** What this server reads of a page of insight-service's {@code Insight}s (a tolerant reader). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RemoteInsightPage(List<Insight> items, String nextCursor) {

    /** One {@code Insight}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Insight(
            UUID id,
            String type,
            String title,
            String content,
            List<UUID> evidenceIds,
            double confidence,
            boolean validated,
            boolean rejected,
            LocalDate periodStart,
            LocalDate periodEnd) {}
}
