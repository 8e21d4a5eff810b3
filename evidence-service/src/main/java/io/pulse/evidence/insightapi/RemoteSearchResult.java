package io.pulse.evidence.insightapi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What this server reads of insight-service's {@code SearchResult} (a tolerant reader: fields added there are ignored).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RemoteSearchResult(List<Hit> results) {

    /** One {@code SearchHit}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Hit(
            UUID id,
            String title,
            String summary,
            String source,
            String category,
            List<String> tags,
            Instant occurredAt,
            Double similarity,
            String confidence) {}
}
