package io.pulse.common.messaging;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulse.common.events.EventPayload;
import io.pulse.common.events.EventType;

/**
 * The AsyncAPI 3.0 document of every topic, generated from the event contract classes ({@link EventType} and the
 * payload records), so the contract a downstream tool reads cannot drift from what the services send.
 */
public final class AsyncApiDocument {

    static final String DESCRIPTION = String.join(
            "\n\n",
            "Events of PerformancePulse. Every record is a JSON envelope {eventId, type, schemaVersion, occurredAt,"
                    + " userId, payload}; the payload schema depends on type.",
            "Keys and ordering: the Kafka record key is the userId, which is the PerformancePulse profile id (not the"
                    + " identity provider's subject). One user's events are on one partition, in the order they were"
                    + " committed: consumers order by partition offset, never by occurredAt (two events of one"
                    + " transaction share a time).",
            "Delivery: at least once. A record may be delivered again (relay retry, consumer restart); deduplicate by"
                    + " eventId. Records carry the headers pulse-event-type and pulse-event-id and, when the change"
                    + " was made inside a trace, the W3C trace context headers traceparent and tracestate.",
            "Versioning: schemaVersion is per type and grows with every payload change. Changes are additive only (a"
                    + " new field); no field is removed, renamed or retyped within a type (that would be a new type)."
                    + " A consumer written for version n reads any later version by ignoring unknown fields, and reads"
                    + " an earlier version with the newer fields absent. Unknown types must be skipped.",
            "Timestamps are ISO-8601 UTC with exactly six fractional digits; dates are ISO-8601 (yyyy-mm-dd).",
            "Topic names: the addresses below are logical names; a deployment may put a prefix in front of every"
                    + " topic (pulse.kafka.topic-prefix, empty by default).");

    private AsyncApiDocument() {}

    /** The document as a JSON-ready tree of maps and lists. */
    public static Map<String, Object> build() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("asyncapi", "3.0.0");
        doc.put("info", map("title", "PerformancePulse events", "version", "1.0.0", "description", DESCRIPTION));
        doc.put("defaultContentType", "application/json");
        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        Map<String, Object> messages = new LinkedHashMap<>();
        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("UserKey", map("type", "string", "format", "uuid", "description", "the user's profile id"));
        for (String topic : topics()) {
            String channel = channelName(topic);
            Map<String, Object> channelMessages = new LinkedHashMap<>();
            for (EventType type : EnumSet.allOf(EventType.class)) {
                if (!type.topic().equals(topic)) {
                    continue;
                }
                String name = messageName(type);
                String payloadSchema = type.payloadType().getSimpleName();
                schemas.putIfAbsent(payloadSchema, schemaOf(type.payloadType()));
                schemas.put(name + "Envelope", envelope(type, payloadSchema));
                messages.put(
                        name,
                        map(
                                "name",
                                type.wireName(),
                                "title",
                                type.wireName(),
                                "summary",
                                type.description(),
                                "payload",
                                ref("#/components/schemas/" + name + "Envelope"),
                                "bindings",
                                map(
                                        "kafka",
                                        map("key", ref("#/components/schemas/UserKey"), "bindingVersion", "0.5.0"))));
                channelMessages.put(name, ref("#/components/messages/" + name));
            }
            channels.put(channel, map("address", topic, "messages", channelMessages));
            List<Object> refs = new ArrayList<>();
            channelMessages.keySet().forEach(m -> refs.add(ref("#/channels/" + channel + "/messages/" + m)));
            operations.put(
                    "publish" + capitalize(channel),
                    map("action", "send", "channel", ref("#/channels/" + channel), "messages", refs));
        }
        doc.put("channels", channels);
        doc.put("operations", operations);
        doc.put("components", map("messages", messages, "schemas", schemas));
        return doc;
    }

    private static List<String> topics() {
        List<String> topics = new ArrayList<>();
        for (EventType type : EventType.values()) {
            if (!topics.contains(type.topic())) {
                topics.add(type.topic());
            }
        }
        return topics;
    }

    static String channelName(String topic) {
        String bare = topic.substring(topic.indexOf('.') + 1);
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : bare.toCharArray()) {
            if (c == '-' || c == '.') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    static String messageName(EventType type) {
        return channelName("x." + type.wireName());
    }

    private static Map<String, Object> envelope(EventType type, String payloadSchema) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("eventId", map("type", "string", "format", "uuid"));
        properties.put("type", map("type", "string", "const", type.wireName()));
        properties.put(
                "schemaVersion", map("type", "integer", "minimum", 1, "examples", List.of(type.schemaVersion())));
        properties.put("occurredAt", map("type", "string", "format", "date-time"));
        properties.put("userId", map("type", "string", "format", "uuid"));
        properties.put("payload", ref("#/components/schemas/" + payloadSchema));
        return map(
                "type",
                "object",
                "required",
                List.of("eventId", "type", "schemaVersion", "occurredAt", "userId", "payload"),
                "properties",
                properties);
    }

    /** JSON Schema of a payload record: primitives, lists and ids are required; other fields may be null. */
    static Map<String, Object> schemaOf(Class<? extends EventPayload> record) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            Map<String, Object> schema = typeOf(c.getGenericType());
            boolean alwaysPresent = c.getType().isPrimitive()
                    || List.class.isAssignableFrom(c.getType())
                    || (c.getType() == UUID.class && c.getName().endsWith("Id"));
            if (alwaysPresent) {
                required.add(c.getName());
            } else {
                schema.put("type", List.of(schema.get("type"), "null"));
            }
            properties.put(c.getName(), schema);
        }
        return map("type", "object", "required", required, "properties", properties);
    }

    private static Map<String, Object> typeOf(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return map("type", "array", "items", typeOf(p.getActualTypeArguments()[0]));
        }
        Class<?> c = (Class<?>) type;
        if (c == UUID.class) {
            return map("type", "string", "format", "uuid");
        }
        if (c == Instant.class) {
            return map("type", "string", "format", "date-time");
        }
        if (c == LocalDate.class) {
            return map("type", "string", "format", "date");
        }
        if (c == long.class || c == int.class || c == Long.class || c == Integer.class) {
            return map("type", "integer");
        }
        if (c == double.class || c == Double.class || c == float.class) {
            return map("type", "number");
        }
        if (c == boolean.class || c == Boolean.class) {
            return map("type", "boolean");
        }
        if (c == String.class) {
            return map("type", "string");
        }
        throw new IllegalStateException("no JSON schema mapping for " + c);
    }

    private static Map<String, Object> ref(String target) {
        return map("$ref", target);
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
