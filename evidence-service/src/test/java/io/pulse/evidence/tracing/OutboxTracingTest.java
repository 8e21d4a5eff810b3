package io.pulse.evidence.tracing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.Topics;
import io.pulse.common.testing.InMemorySpans;
import io.pulse.common.testing.LogCapture;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTopics;
import io.pulse.common.tracing.SpanAttributes;
import io.pulse.common.tracing.TraceContext;
import io.pulse.evidence.support.Api.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace of {@code POST /api/v1/evidence} survives the outbox, on the real database and broker: the row stores
 * the request's context, and the record the relay publishes carries, as {@code traceparent}, a producer span that is
 * the child of the span that wrote the row, in the request's trace. No span attribute and no log line of the request
 * carries the caller's bearer token, and the user id appears only hashed.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class OutboxTracingTest {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

    @Test
    void theRequestsTraceTravelsWithItsEventThroughTheOutboxAndKafka() throws Exception {
        User alice = User.fresh();
        UUID aliceId = alice.id();
        Map<TopicPartition, Long> start = endOffsets();
        String id;
        List<String> logLines;
        try (LogCapture logs = LogCapture.start()) {
            id = alice.createItem("Traced through the outbox");
            logLines = logs.lines();
        }

        // The row stores the trace of the request that wrote it.
        TraceContext stored = storedContext(aliceId);
        String traceId = stored.traceId();
        SpanData server = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> spans(traceId).stream()
                                .filter(s -> s.getKind() == SpanKind.SERVER)
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(server.getName()).contains("/api/v1/evidence");
        assertThat(server.getParentSpanContext().isValid()).isFalse();
        String storedSpanId = stored.traceparent().split("-")[2];
        assertThat(spans(traceId)).anySatisfy(s -> assertThat(s.getSpanId()).isEqualTo(storedSpanId));
        // The database work of the request is in the trace too (the reactive client is instrumented): the outbox
        // insert is a client span of the request, its statement with placeholders, never the bound values.
        assertThat(spans(traceId)).anySatisfy(s -> {
            assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(s.getParentSpanId()).isEqualTo(storedSpanId);
            assertThat(s.getAttributes().get(AttributeKey.stringKey("db.sql.table")))
                    .isEqualTo("outbox");
            assertThat(s.getAttributes().get(AttributeKey.stringKey("db.statement")))
                    .startsWith("insert into outbox")
                    .doesNotContain("Traced through the outbox");
        });

        // The relay publishes it with a producer span, the child of the stored span, whose context is the header.
        ConsumerRecord<String, String> record = consume(start, aliceId);
        TraceContext header = new TraceContext(header(record, "traceparent"), null);
        assertThat(header.traceId()).isEqualTo(traceId);
        String producerSpanId = header.traceparent().split("-")[2];
        SpanData producer = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> spans(traceId).stream()
                                .filter(s -> s.getSpanId().equals(producerSpanId))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(producer.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(producer.getParentSpanId()).isEqualTo(storedSpanId);
        assertThat(producer.getAttributes().get(SpanAttributes.EVENT_TYPE)).isEqualTo("evidence.created");
        assertThat(producer.getAttributes().get(SpanAttributes.USER_HASH))
                .isEqualTo(SpanAttributes.userHash(aliceId))
                .doesNotContain(aliceId.toString());
        assertThat(EventCodec.fromJson(record.value()).userId()).isEqualTo(aliceId);

        // Nothing of the trace holds the bearer token or the raw user id; log lines carry the trace id, not the token.
        for (SpanData span : spans(traceId)) {
            span.getAttributes().forEach((key, value) -> {
                assertThat(String.valueOf(value)).doesNotContain(alice.token()).doesNotContain("Bearer ");
                assertThat(String.valueOf(value)).doesNotContain(aliceId.toString());
            });
        }
        assertThat(logLines).noneMatch(line -> line.contains(alice.token()));
        assertThat(id).isNotBlank();
    }

    private static List<SpanData> spans(String traceId) {
        return InMemorySpans.all().stream()
                .filter(s -> s.getTraceId().equals(traceId))
                .toList();
    }

    private static TraceContext storedContext(UUID userId) throws Exception {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement(
                        "select traceparent, tracestate from outbox where user_id = ? order by id desc limit 1")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
                return new TraceContext(rs.getString(1), rs.getString(2));
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, String> consume(Map<TopicPartition, Long> from, UUID userId) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key().equals(userId.toString())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("the event was not published within 60 s");
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
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
