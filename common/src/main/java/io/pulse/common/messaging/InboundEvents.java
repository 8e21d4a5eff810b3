package io.pulse.common.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.tracing.TraceContext;

/**
 * Decodes Kafka record values into {@link InboundEvent}s, the one way every consumer reads a topic.
 *
 * <p>A record that is not an envelope, or whose payload does not match its type, is logged (without its content,
 * which may hold user data) and skipped: retrying it could never succeed and would stall the partition. Types the
 * consumer does not handle, and types this process does not know (a newer producer), are skipped silently.
 */
public final class InboundEvents {

    private static final Logger LOG = Logger.getLogger(InboundEvents.class);

    private InboundEvents() {}

    /**
     * The event, if the record's value is a well-formed envelope of one of the accepted types, with the trace context
     * of its {@code traceparent}/{@code tracestate} headers.
     */
    public static Optional<InboundEvent> decode(ConsumerRecord<String, String> record, Set<EventType> accepted) {
        Optional<InboundEvent> event = decode(record.value(), accepted);
        String traceparent = header(record.headers(), TraceContext.TRACEPARENT);
        if (event.isEmpty() || traceparent == null) {
            return event;
        }
        TraceContext trace = new TraceContext(traceparent, header(record.headers(), TraceContext.TRACESTATE));
        return Optional.of(new InboundEvent(event.get().envelope(), event.get().type(), trace));
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The event, if the value is a well-formed envelope of one of the accepted types. */
    public static Optional<InboundEvent> decode(String value, Set<EventType> accepted) {
        if (value == null) {
            return Optional.empty();
        }
        EventEnvelope envelope;
        try {
            envelope = EventCodec.fromJson(value);
        } catch (EventCodec.MalformedEventException e) {
            LOG.warnf("skipping a record that is not an event envelope (%d chars)", value.length());
            return Optional.empty();
        }
        Optional<InboundEvent> event =
                envelope.knownType().filter(accepted::contains).map(type -> new InboundEvent(envelope, type));
        if (event.isEmpty()) {
            return event;
        }
        try {
            event.get().payload();
            return event;
        } catch (EventCodec.MalformedEventException e) {
            LOG.warnf(
                    "skipping event %s of type %s: its payload does not match the type",
                    envelope.eventId(), envelope.type());
            return Optional.empty();
        }
    }
}
