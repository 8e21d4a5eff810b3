package io.pulse.insight.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.events.Topics;
import io.pulse.common.testing.TestTopics;

/**
 * Reads this suite's insight-events topic as a consumer of the stream does (evidence-service relays it to the
 * owner's SSE stream): the envelopes published for one user, in offset order.
 */
public final class InsightEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InsightEvents() {}

    /** The user's envelopes on the topic, read from its start until {@code enough} holds (or 60 s). */
    public static List<JsonNode> awaitFor(UUID userId, Predicate<List<JsonNode>> enough) {
        Properties props = new Properties();
        props.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig()
                        .getOptionalValue("kafka.bootstrap.servers", String.class)
                        .orElse("127.0.0.1:9092"));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        String topic = TestTopics.of(Topics.INSIGHT_EVENTS);
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!enough.test(out) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (userId.toString().equals(r.key())) {
                        out.add(JSON.readTree(r.value()));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
