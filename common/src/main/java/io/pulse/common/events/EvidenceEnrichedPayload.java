package io.pulse.common.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code evidence.enriched} (schema version 2): the evidence fields of {@link EvidencePayload}, so a reader of
 * version 1 still understands it, plus what enrichment found, so a downstream tool needs no call back. Never the
 * vector, never the content.
 *
 * @param summary the summary written by enrichment
 * @param categories suggested categories, best first
 * @param keyPhrases key phrases of the item
 * @param sentimentScore sentiment in [-1, 1], or null when not computed
 * @param model how the analysis was made and with which embedding model (e.g. {@code extractive-v1+all-minilm-l6-v2})
 */
public record EvidenceEnrichedPayload(
        UUID evidenceId,
        long version,
        String source,
        String title,
        String category,
        List<String> tags,
        Instant occurredAt,
        String summary,
        List<String> categories,
        List<String> keyPhrases,
        Double sentimentScore,
        String model)
        implements EventPayload {

    public EvidenceEnrichedPayload {
        tags = tags == null ? List.of() : List.copyOf(tags);
        categories = categories == null ? List.of() : List.copyOf(categories);
        keyPhrases = keyPhrases == null ? List.of() : List.copyOf(keyPhrases);
    }
}
