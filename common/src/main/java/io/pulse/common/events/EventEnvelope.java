package io.pulse.common.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The envelope every PerformancePulse event travels in, on every topic.
 *
 * <p>The JSON shape is a public contract (downstream tools read it): {@code eventId}, {@code type},
 * {@code schemaVersion}, {@code occurredAt} (ISO-8601 UTC), {@code userId} and {@code payload}. The Kafka record key is
 * always {@code userId}, so one user's events stay in order. Consumers deduplicate by {@code eventId}.
 *
 * @param eventId unique id of this event; redeliveries carry the same id
 * @param type wire name of the event type, see {@link EventType}
 * @param schemaVersion version of the payload schema for this type; bumped on incompatible change
 * @param occurredAt when the change happened
 * @param userId the user whose data changed (the record key)
 * @param payload type-specific body, see the payload records in this package
 */
public record EventEnvelope(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, UUID userId, JsonNode payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(payload, "payload");
    }

    /** The event type, or empty when this process does not know the wire name (a newer producer). */
    public java.util.Optional<EventType> knownType() {
        return EventType.fromWireName(type);
    }
}
