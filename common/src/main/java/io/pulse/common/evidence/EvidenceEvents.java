package io.pulse.common.evidence;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.EvidenceEnrichedPayload;
import io.pulse.common.events.EvidencePayload;

/** The one place an evidence event is built from a row, for every event type and every writer. */
public final class EvidenceEvents {

    private EvidenceEvents() {}

    /** The event body: no content, which consumers read from the row when they need it. */
    public static EvidencePayload payload(EvidenceRow row) {
        return new EvidencePayload(
                row.id(), row.version(), row.source(), row.title(), row.category(), row.tags(), row.occurredAt());
    }

    /**
     * The {@code evidence.enriched} event: the row's evidence fields plus what enrichment wrote (summary and the
     * {@code ai_metadata} keys {@code categories_suggested}, {@code key_phrases}, {@code sentiment_score},
     * {@code model_version}).
     */
    public static EventEnvelope enriched(EvidenceRow row, String summary, Map<String, ?> aiMetadata) {
        EvidenceEnrichedPayload payload = new EvidenceEnrichedPayload(
                row.id(),
                row.version(),
                row.source(),
                row.title(),
                row.category(),
                row.tags(),
                row.occurredAt(),
                summary,
                strings(aiMetadata.get("categories_suggested")),
                strings(aiMetadata.get("key_phrases")),
                aiMetadata.get("sentiment_score") instanceof Number n ? n.doubleValue() : null,
                aiMetadata.get("model_version") instanceof String m ? m : null);
        return EventCodec.envelope(EventType.EVIDENCE_ENRICHED, row.userId(), payload);
    }

    /** The envelope of an evidence event about the row, keyed by its owner. */
    public static EventEnvelope envelope(EventType type, EvidenceRow row) {
        if (type == EventType.EVIDENCE_ENRICHED) {
            return enriched(row, row.summary(), row.aiMetadata());
        }
        return EventCodec.envelope(type, row.userId(), payload(row));
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof Collection<?> items)) {
            return List.of();
        }
        return items.stream()
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .toList();
    }
}
