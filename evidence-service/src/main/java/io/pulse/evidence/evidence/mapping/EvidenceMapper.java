package io.pulse.evidence.evidence.mapping;

import io.pulse.common.events.EvidencePayload;
import io.pulse.evidence.evidence.api.EvidenceView;
import io.pulse.evidence.evidence.repository.EvidenceFields;
import io.pulse.evidence.evidence.repository.EvidenceRow;

/** The one place that maps evidence rows to API views, event payloads and writable fields. */
public final class EvidenceMapper {

    private EvidenceMapper() {}

    public static EvidenceView view(EvidenceRow row) {
        return new EvidenceView(
                row.id(),
                row.title(),
                row.content(),
                row.summary(),
                row.source(),
                row.sourceId(),
                row.sourceUrl(),
                row.category(),
                row.tags(),
                row.aiMetadata(),
                row.occurredAt(),
                row.version(),
                row.createdAt(),
                row.updatedAt());
    }

    /** The event body: no content, which consumers read from the row when they need it. */
    public static EvidencePayload payload(EvidenceRow row) {
        return new EvidencePayload(
                row.id(), row.version(), row.source(), row.title(), row.category(), row.tags(), row.occurredAt());
    }

    public static EvidenceFields fields(EvidenceRow row) {
        return new EvidenceFields(
                row.title(), row.content(), row.category(), row.tags(), row.sourceUrl(), row.occurredAt());
    }
}
