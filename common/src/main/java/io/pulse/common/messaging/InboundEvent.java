package io.pulse.common.messaging;

import java.util.UUID;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventPayload;
import io.pulse.common.events.EventType;
import io.pulse.common.tracing.TraceContext;

/**
 * An event read from a topic: its envelope, its known type and the trace context it travelled with (null when the
 * record had none). The payload is decoded on demand into the record the type carries, so a consumer never touches
 * JSON.
 */
public record InboundEvent(EventEnvelope envelope, EventType type, TraceContext trace) {

    /** An event without a trace context (decoded from a bare value, or built by a test). */
    public InboundEvent(EventEnvelope envelope, EventType type) {
        this(envelope, type, null);
    }

    public UUID eventId() {
        return envelope.eventId();
    }

    public UUID userId() {
        return envelope.userId();
    }

    /** The payload as the record of this event's type. */
    public EventPayload payload() {
        return EventCodec.payload(envelope, type.payloadType());
    }

    /**
     * The payload as the given record.
     *
     * @throws EventCodec.MalformedEventException when the payload does not have that shape
     */
    public <T extends EventPayload> T payload(Class<T> payloadType) {
        return EventCodec.payload(envelope, payloadType);
    }
}
