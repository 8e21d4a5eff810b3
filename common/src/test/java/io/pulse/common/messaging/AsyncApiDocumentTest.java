package io.pulse.common.messaging;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.events.EventType;

import static org.assertj.core.api.Assertions.assertThat;

/** The served AsyncAPI document describes exactly the event classes: every type, topic and payload field. */
class AsyncApiDocumentTest {

    private final JsonNode doc = new ObjectMapper().valueToTree(AsyncApiDocument.build());

    @Test
    void describesEveryEventTypeWithItsTopicAndPayloadFields() {
        assertThat(doc.get("asyncapi").asText()).isEqualTo("3.0.0");
        JsonNode messages = doc.at("/components/messages");
        assertThat(messages.size()).isEqualTo(EventType.values().length);
        for (EventType type : EventType.values()) {
            String name = AsyncApiDocument.messageName(type);
            JsonNode message = messages.get(name);
            assertThat(message).as(type.wireName()).isNotNull();
            assertThat(message.get("name").asText()).isEqualTo(type.wireName());
            JsonNode envelope = doc.at("/components/schemas/" + name + "Envelope");
            assertThat(envelope.at("/properties/type/const").asText()).isEqualTo(type.wireName());
            String payloadRef = envelope.at("/properties/payload/$ref").asText();
            assertThat(payloadRef)
                    .isEqualTo("#/components/schemas/" + type.payloadType().getSimpleName());
            JsonNode payload = doc.at(payloadRef.substring(1));
            assertThat(fieldNames(payload.get("properties")))
                    .containsExactlyElementsOf(Arrays.stream(type.payloadType().getRecordComponents())
                            .map(RecordComponent::getName)
                            .toList());
            JsonNode channel = doc.at("/channels/" + AsyncApiDocument.channelName(type.topic()));
            assertThat(channel.get("address").asText()).isEqualTo(type.topic());
            assertThat(channel.at("/messages/" + name + "/$ref").asText()).isEqualTo("#/components/messages/" + name);
        }
    }

    @Test
    void documentsKeysOrderingDeliveryAndVersioning() {
        String description = doc.at("/info/description").asText();
        assertThat(description)
                .contains("profile id")
                .contains("order by partition offset")
                .contains("at least once")
                .contains("deduplicate by eventId")
                .contains("schemaVersion is per type");
        doc.at("/components/messages")
                .forEach(m -> assertThat(m.at("/bindings/kafka/key/$ref").asText())
                        .isEqualTo("#/components/schemas/UserKey"));
        assertThat(doc.at("/components/schemas/EvidenceEnrichedPayload/properties")
                        .has("embedding"))
                .isFalse();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
