package io.pulse.evidence.evidence.mapping;

import io.pulse.common.evidence.EvidenceFields;
import io.pulse.common.evidence.EvidenceRow;
import io.pulse.evidence.evidence.api.EvidenceView;

/** The one place that maps evidence rows to API views and writable fields (event payloads: {@link
 * io.pulse.common.evidence.EvidenceEvents}). */
public final class EvidenceMapper {

    private EvidenceMapper() {}

    public static EvidenceView view(EvidenceRow row) {
        return new EvidenceView(
                row.id(),
                row.userId(),
                row.title(),
                row.content(),
                row.summary(),
                row.source(),
                row.sourceId(),
                row.sourceUrl(),
                row.category(),
                row.tags(),
                row.attachments(),
                row.aiMetadata(),
                row.occurredAt(),
                row.version(),
                row.createdAt(),
                row.updatedAt());
    }

    public static EvidenceFields fields(EvidenceRow row) {
        return new EvidenceFields(
                row.title(), row.content(), row.category(), row.tags(), row.sourceUrl(), row.occurredAt());
    }
}
