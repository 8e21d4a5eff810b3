package io.pulse.insight.insights.mapping;

import java.util.UUID;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.InsightPayload;
import io.pulse.insight.insights.api.InsightView;

/** The one place an insight becomes its event. */
public final class InsightMapper {

    private InsightMapper() {}

    /** The insight.created or insight.updated event of an insight as stored. */
    public static EventEnvelope event(EventType type, UUID userId, InsightView v) {
        return EventCodec.envelope(
                type,
                userId,
                new InsightPayload(
                        v.id(), v.type(), v.title(), v.confidence(), v.evidenceIds(), v.validated(), v.rejected()));
    }
}
