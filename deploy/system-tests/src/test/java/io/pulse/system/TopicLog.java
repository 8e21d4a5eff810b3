package io.pulse.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every record of one user on a topic, read from the beginning of each partition to its current end, without a
 * consumer group (nothing is committed; the services' groups never see this reader). What the drills check "published
 * once in effect" against: a record delivered twice carries the same event id, so counting distinct ids per item
 * tells a redelivery (harmless: consumers deduplicate) from a second event (a duplicated effect).
 */
final class TopicLog {

    /** One record: its envelope's event id and type, and its payload. */
    record Event(UUID eventId, String type, JsonNode payload) {

        /** The payload's {@code evidenceId} (evidence events). */
        String evidenceId() {
            return payload.path("evidenceId").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private TopicLog() {}

    /** The user's records (key = their profile id) on the topic, in offset order per partition. */
    static List<Event> read(String bootstrapServers, String topic, UUID userId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (userId.toString().equals(record.key())) {
                        events.add(parse(record.value()));
                    }
                }
            }
        }
        return events;
    }

    private static Event parse(String envelope) {
        try {
            JsonNode node = JSON.readTree(envelope);
            return new Event(
                    UUID.fromString(node.path("eventId").asText()),
                    node.path("type").asText(),
                    node.path("payload"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a record that is not an event envelope: " + envelope, e);
        }
    }
}
