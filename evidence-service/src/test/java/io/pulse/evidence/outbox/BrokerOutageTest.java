package io.pulse.evidence.outbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.Topics;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTopics;
import io.pulse.evidence.support.Api;
import io.pulse.evidence.support.Api.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the real broker stopped (deploy/local/kafka.sh down), creates and updates still succeed and their events wait
 * in the outbox; after the broker is back, each arrives on the topic exactly once, in per-user order. The outage
 * lasts only seconds because other test suites share the broker.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class BrokerOutageTest {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

    @Test
    void eventsWaitInTheOutboxDuringAnOutageAndArriveExactlyOnceInPerUserOrder() throws Exception {
        User alice = User.fresh();
        User bob = User.fresh();
        UUID aliceId = alice.id();
        UUID bobId = bob.id();
        Map<TopicPartition, Long> startOffsets = endOffsets();

        Path kafka = script();
        try {
            run(kafka, "down");
            for (int i = 0; i < 4; i++) {
                String id = alice.createItem("alice during outage " + i);
                bob.createItem("bob during outage " + i);
                alice.as()
                        .contentType(ContentType.JSON)
                        .header("If-Match", "\"1\"")
                        .body(Map.of("title", "alice during outage " + i + " (edited)"))
                        .patch("/api/v1/evidence/" + id)
                        .then()
                        .statusCode(200);
            }
            // Several relay rounds pass (every service instance runs one); nothing can be published.
            Thread.sleep(6000);
            assertThat(Api.count(
                            "select count(*) from outbox where user_id in (?, ?) and published_at is not null",
                            aliceId,
                            bobId))
                    .isZero();
            assertThat(Api.count("select count(*) from outbox where user_id in (?, ?)", aliceId, bobId))
                    .isEqualTo(12);
        } finally {
            run(kafka, "up");
        }

        Map<UUID, List<UUID>> expected = new HashMap<>();
        expected.put(aliceId, outboxEvents(aliceId));
        expected.put(bobId, outboxEvents(bobId));
        assertThat(expected.get(aliceId)).hasSize(8);
        assertThat(expected.get(bobId)).hasSize(4);

        Map<UUID, List<UUID>> received = consume(startOffsets, 12, aliceId, bobId);
        assertThat(received.get(aliceId)).containsExactlyElementsOf(expected.get(aliceId));
        assertThat(received.get(bobId)).containsExactlyElementsOf(expected.get(bobId));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> Api.count(
                                "select count(*) from outbox where user_id in (?, ?) and published_at is null",
                                aliceId,
                                bobId)
                        == 0);
    }

    /** Every record of the two users after the start offsets, in partition order, until well after the last one. */
    private static Map<UUID, List<UUID>> consume(Map<TopicPartition, Long> from, int expected, UUID... users) {
        Map<UUID, List<UUID>> received = new LinkedHashMap<>();
        for (UUID user : users) {
            received.put(user, new ArrayList<>());
        }
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    EventEnvelope envelope = EventCodec.fromJson(record.value());
                    List<UUID> events = received.get(envelope.userId());
                    if (events != null) {
                        assertThat(record.key()).isEqualTo(envelope.userId().toString());
                        events.add(envelope.eventId());
                    }
                }
                int total = received.values().stream().mapToInt(List::size).sum();
                if (total >= expected && quietUntil == Long.MAX_VALUE) {
                    System.out.printf(
                            "Outage test: all %d events consumed %d ms after the broker was back%n",
                            total, (System.nanoTime() - (deadline - TimeUnit.SECONDS.toNanos(120))) / 1_000_000);
                    // Keep reading a while: a duplicate would show up now.
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
                }
            }
        }
        return received;
    }

    private static Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(TestTopics.of(Topics.EVIDENCE_EVENTS), Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "evidence-outage-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static List<UUID> outboxEvents(UUID userId) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps =
                        c.prepareStatement("select event_id from outbox where user_id = ? order by id")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    private static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/local/kafka.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "deploy/local/kafka.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static void run(Path script, String command) throws Exception {
        File log = File.createTempFile("kafka-" + command, ".log");
        Process process = new ProcessBuilder("bash", script.toString(), command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("kafka.sh %s finished", command)
                .isTrue();
        assertThat(process.exitValue())
                .as("kafka.sh %s: %s", command, Files.readString(log.toPath()))
                .isZero();
    }
}
