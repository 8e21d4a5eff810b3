package io.pulse.insight.insights.generation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.pulse.insight.enrichment.analysis.SemanticLabels;

/**
 * What insight generation knows about one evidence item.
 *
 * @param category the item's category, or else enrichment's first suggestion (null if neither)
 * @param sentiment enrichment's sentiment score (0 when not enriched)
 * @param vector the item's embedding in the current model's space, or null (not embedded yet, or another model)
 * @param reading what the embedding model reads in the item ({@link SemanticLabels}), or null without a vector
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
        List<String> keyPhrases,
        float[] vector,
        SemanticLabels.Reading reading) {

    public EvidenceFact {
        tags = tags == null ? List.of() : List.copyOf(tags);
        keyPhrases = keyPhrases == null ? List.of() : List.copyOf(keyPhrases);
    }

    public EvidenceFact withReading(SemanticLabels.Reading newReading) {
        return new EvidenceFact(
                id,
                title,
                summary,
                content,
                source,
                category,
                tags,
                occurredAt,
                sentiment,
                keyPhrases,
                vector,
                newReading);
    }

    /** The kind of work: the item's category, else the one the model reads in it (null if neither). */
    public String theme() {
        return category != null ? category : reading == null ? null : reading.category();
    }

    /** Whether the model reads trouble in the item (unknown without a vector: then not). */
    public boolean problem() {
        return reading != null && reading.problem();
    }

    /** The summary when there is one, else the start of the content. */
    public String gist(int maxChars) {
        String text = summary != null && !summary.isBlank() ? summary : content == null ? "" : content;
        text = text.strip().replaceAll("\\s+", " ");
        return text.length() <= maxChars ? text : text.substring(0, maxChars) + "…";
    }
}
