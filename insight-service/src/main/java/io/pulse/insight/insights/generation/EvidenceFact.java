package io.pulse.insight.insights.generation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What insight generation knows about one evidence item.
 *
 * @param category the item's category, or else enrichment's first suggestion (null if neither)
 * @param sentiment enrichment's sentiment score (0 when not enriched)
 */
public record EvidenceFact(
        UUID id,
        String title,
        String summary,
        String content,
        String source,
        String category,
        List<String> tags,
        Instant occurredAt,
        double sentiment,
        List<String> keyPhrases) {

    public EvidenceFact {
        tags = tags == null ? List.of() : List.copyOf(tags);
        keyPhrases = keyPhrases == null ? List.of() : List.copyOf(keyPhrases);
    }

    /** The summary when there is one, else the start of the content. */
    public String gist(int maxChars) {
        String text = summary != null && !summary.isBlank() ? summary : content == null ? "" : content;
        text = text.strip().replaceAll("\\s+", " ");
        return text.length() <= maxChars ? text : text.substring(0, maxChars) + "…";
    }
}
