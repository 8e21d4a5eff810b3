package io.pulse.common.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Builds, writes and reads {@link EventEnvelope}s. It owns its JSON settings so the wire contract does not move with
 * an application's Jackson configuration: ISO-8601 instants (UTC, always six fractional digits) and dates, unknown fields ignored on read (a newer
 * producer may add fields within a schema version).
 */
public final class EventCodec {

    /** Every instant on the wire has exactly six fractional digits (microseconds, as PostgreSQL stores them). */
    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("pulse-event-instants").addSerializer(Instant.class, new MicrosInstant()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    private EventCodec() {}

    /** A new envelope with a fresh event id, occurring now. */
    public static EventEnvelope envelope(EventType type, UUID userId, EventPayload payload) {
        return envelope(type, userId, payload, Clock.systemUTC());
    }

    /** A new envelope with a fresh event id, occurring at the clock's now (truncated to microseconds, as stored). */
    public static EventEnvelope envelope(EventType type, UUID userId, EventPayload payload, Clock clock) {
        if (!type.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException(
                    type.wireName() + " carries " + type.payloadType().getSimpleName());
        }
        return new EventEnvelope(
                UUID.randomUUID(),
                type.wireName(),
                type.schemaVersion(),
                Instant.now(clock).truncatedTo(ChronoUnit.MICROS),
                userId,
                MAPPER.valueToTree(payload));
    }

    public static String toJson(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads an envelope.
     *
     * @throws MalformedEventException when the text is not an envelope
     */
    public static EventEnvelope fromJson(String json) {
        try {
            return MAPPER.readValue(json, EventEnvelope.class);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException("not an event envelope", e);
        }
    }

    /**
     * The envelope's payload as the given type.
     *
     * @throws MalformedEventException when the payload does not match the type
     */
    public static <T extends EventPayload> T payload(EventEnvelope envelope, Class<T> type) {
        try {
            return MAPPER.treeToValue(envelope.payload(), type);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException("payload of " + envelope.type() + " is not a " + type.getSimpleName(), e);
        }
    }

    /** Writes instants in the one wire precision. */
    private static final class MicrosInstant extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        MicrosInstant() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(INSTANT.format(value.truncatedTo(ChronoUnit.MICROS)));
        }
    }

    /** Thrown for records that cannot be read as events; consumers log and skip them. */
    public static final class MalformedEventException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
