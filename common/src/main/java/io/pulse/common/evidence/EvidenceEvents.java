package io.pulse.common.evidence;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.EvidencePayload;

/** The one place an evidence event is built from a row, for every event type and every writer. */
public final class EvidenceEvents {

    private EvidenceEvents() {}

    /** The event body: no content, which consumers read from the row when they need it. */
    public static EvidencePayload payload(EvidenceRow row) {
        return new EvidencePayload(
                row.id(), row.version(), row.source(), row.title(), row.category(), row.tags(), row.occurredAt());
    }

    /** The envelope of an evidence event about the row, keyed by its owner. */
    public static EventEnvelope envelope(EventType type, EvidenceRow row) {
        return EventCodec.envelope(type, row.userId(), payload(row));
    }
}
