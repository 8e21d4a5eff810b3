package io.pulse.insight.enrichment;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.EvidencePayload;
import io.pulse.common.events.Topics;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTopics;
import io.pulse.insight.support.ConsumerGroups;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.pulse.insight.support.TestData.Evidence;
import io.pulse.insight.support.TestData.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Enrichment is idempotent and ordered by version: redelivered events write nothing, an older event never
 * overwrites newer work, and an event for a deleted item resurrects nothing. Events are replayed straight onto the
 * real topic, keyed by user like the relay does, so they share the user's partition and order.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class EnrichmentOrderingTest {

    @Test
    void olderDuplicateAndDeletedEventsWriteNothing() throws Exception {
        User user = TestData.user(false);
        Instant at = Instant.now().minusSeconds(3600);
        Evidence v1 = TestData.create(
                user,
                "Drafted the caching proposal",
                "First draft of a proposal about caching product pages.",
                "manual",
                null,
                List.of(),
                at);
        Evidence v2 = TestData.update(
                user,
                v1.id(),
                "Shipped the flaky test quarantine",
                "Built a quarantine lane in CI for flaky integration tests; the main pipeline is green again.");
        awaitSummary(v1.id(), "quarantine");
        Map<String, Object> enriched = TestData.row(v1.id());
        assertThat(enriched.get("version")).isEqualTo(2L);
        assertThat(v2.version()).isEqualTo(2L);

        String v1Event = envelopeJson(user.id(), "evidence.created");
        String v2Event = envelopeJson(user.id(), "evidence.updated");
        EventEnvelope staleButNew = EventCodec.envelope(
                EventType.EVIDENCE_UPDATED,
                user.id(),
                new EvidencePayload(v1.id(), 1, "manual", "Drafted the caching proposal", null, List.of(), at));
        UUID deletedId = UUID.randomUUID();
        EventEnvelope forDeleted = EventCodec.envelope(
                EventType.EVIDENCE_CREATED,
                user.id(),
                new EvidencePayload(deletedId, 1, "manual", "Gone", null, List.of(), at));

        try (KafkaProducer<String, String> producer = producer()) {
            String key = user.id().toString();
            producer.send(new ProducerRecord<>(TestTopics.of(Topics.EVIDENCE_EVENTS), key, v1Event))
                    .get();
            producer.send(new ProducerRecord<>(TestTopics.of(Topics.EVIDENCE_EVENTS), key, v2Event))
                    .get();
            producer.send(new ProducerRecord<>(
                            TestTopics.of(Topics.EVIDENCE_EVENTS), key, EventCodec.toJson(staleButNew)))
                    .get();
            producer.send(new ProducerRecord<>(
                            TestTopics.of(Topics.EVIDENCE_EVENTS), key, EventCodec.toJson(forDeleted)))
                    .get();
        }
        // A later item of the same user (same partition): once it is enriched, every replayed event was handled.
        Evidence sentinel = TestData.create(
                user, "Sentinel item", "Paired with a new hire on the billing service.", "manual", null, List.of(), at);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(TestData.row(sentinel.id())).containsEntry("embedded", true));

        Map<String, Object> after = TestData.row(v1.id());
        assertThat(after.get("updated_at")).isEqualTo(enriched.get("updated_at"));
        assertThat((String) after.get("summary")).contains("quarantine");
        assertThat(after.get("version")).isEqualTo(2L);
        assertThat(TestData.row(deletedId)).isNull();
        assertThat(TestData.query(
                        "select 1 from processed_events where consumer = 'insight-enrichment' and event_id in (?, ?)",
                        staleButNew.eventId(),
                        forDeleted.eventId()))
                .hasSize(2);
        // One enriched event per enrichment that landed (v1 only if it was enriched before the update), never one
        // for the replays.
        List<Map<String, Object>> enrichedEvents = TestData.query(
                "select envelope->'payload'->>'version' as version from outbox where user_id = ?"
                        + " and event_type = 'evidence.enriched' and envelope->'payload'->>'evidenceId' = ?",
                user.id(),
                v1.id().toString());
        List<Object> versions =
                enrichedEvents.stream().map(r -> r.get("version")).toList();
        assertThat(versions).containsOnlyOnce("2").doesNotHaveDuplicates();
    }

    /**
     * Batches are computed ahead of the previous batch's write, but writes of a partition stay in order and the
     * committed offset never passes an event whose write has not landed. The first item's write is held by an
     * uncommitted row of the user in the insight refresh queue (every enrichment write queues a refresh with
     * {@code insert ... on conflict do nothing}, which waits for that transaction).
     */
    @Test
    void aHeldUpWriteHoldsBackTheLaterWritesOfItsPartitionAndTheCommittedOffset() throws Exception {
        ConsumerGroups.awaitAssigned();
        User user = TestData.user(false);
        Instant at = Instant.now().minusSeconds(3600);
        String topic = TestTopics.of(Topics.EVIDENCE_EVENTS);
        String group =
                ConfigProvider.getConfig().getValue("mp.messaging.incoming.evidence-events.group.id", String.class);
        try (Admin admin =
                        Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
                Connection holder = TestDatabase.connect(TestDatabase.Role.SERVICE)) {
            TopicPartition partition = partitionOf(admin, topic, user.id());
            long firstOffset = endOffset(admin, partition);
            holder.setAutoCommit(false);
            try (PreparedStatement ps = holder.prepareStatement(
                    "insert into insight_refresh_queue (user_id, due_at)" + " values (?, now() + interval '1 hour')")) {
                ps.setObject(1, user.id());
                ps.executeUpdate();
            }
            Evidence first = TestData.create(
                    user, "Held item", "Reviewed the billing migration plan.", "manual", null, List.of(), at);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !TestData.query("select 1 from pg_stat_activity where wait_event_type = 'Lock'"
                                    + " and query like 'insert into insight_refresh_queue%'")
                            .isEmpty());
            Evidence second = TestData.create(
                    user, "Later item", "Paired with a new hire on the search service.", "manual", null, List.of(), at);

            await().during(Duration.ofSeconds(7))
                    .atMost(Duration.ofSeconds(9))
                    .until(() ->
                            !embedded(first) && !embedded(second) && committed(admin, group, partition) <= firstOffset);

            holder.rollback();
            await().atMost(Duration.ofSeconds(60)).until(() -> embedded(first) && embedded(second));
            List<Object> order = TestData.query(
                            "select envelope->'payload'->>'evidenceId' as evidence_id from outbox where user_id = ?"
                                    + " and event_type = 'evidence.enriched' order by outbox.id",
                            user.id())
                    .stream()
                    .map(r -> r.get("evidence_id"))
                    .toList();
            assertThat(order).containsExactly(first.id().toString(), second.id().toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(admin, group, partition) >= firstOffset + 2);
        }
    }

    private static boolean embedded(Evidence evidence) {
        return Boolean.TRUE.equals(TestData.row(evidence.id()).get("embedded"));
    }

    /** The partition the outbox relay sends a user's events to (the producer's default partitioner on the key). */
    private static TopicPartition partitionOf(Admin admin, String topic, UUID userId) throws Exception {
        int partitions = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .size();
        byte[] key = userId.toString().getBytes(StandardCharsets.UTF_8);
        return new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % partitions);
    }

    private static long endOffset(Admin admin, TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                .partitionResult(partition)
                .get(10, TimeUnit.SECONDS)
                .offset();
    }

    /** The group's committed offset on the partition (the next offset it would read), -1 if none. */
    private static long committed(Admin admin, String group, TopicPartition partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS)
                .get(partition);
        return offset == null ? -1 : offset.offset();
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig()
                .getOptionalValue("kafka.bootstrap.servers", String.class)
                .orElse("127.0.0.1:9092");
    }

    private static void awaitSummary(UUID id, String fragment) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Object> row = TestData.row(id);
            assertThat(row).containsEntry("embedded", true);
            assertThat((String) row.get("summary")).contains(fragment);
        });
    }

    private static String envelopeJson(UUID userId, String type) {
        return (String) TestData.query(
                        "select envelope::text as e from outbox where user_id = ? and event_type = ? order by id limit 1",
                        userId,
                        type)
                .get(0)
                .get("e");
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
