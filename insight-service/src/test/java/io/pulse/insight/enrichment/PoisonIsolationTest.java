package io.pulse.insight.enrichment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.EvidencePayload;
import io.pulse.common.messaging.InboundEvent;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.embedding.EmbeddingService;
import io.pulse.insight.embedding.InvisibleInputRefusingEmbeddings;
import io.pulse.insight.enrichment.service.EnrichmentOutcome;
import io.pulse.insight.enrichment.service.EnrichmentService;
import io.pulse.insight.enrichment.service.ReembedWorker;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.pulse.insight.support.TestData.Evidence;
import io.pulse.insight.support.TestData.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9: one user's poisoned item (a title and content of one zero-width space, written with SQL as sync-service's
 * evidence writer would, since the API refuses it) cannot hold up anyone else. The embedding endpoint refuses any
 * request holding that text, as OpenAI refuses an input with no content ({@link InvisibleInputRefusingEmbeddings}),
 * so without isolation every batch the item is in would fail. Other users' enrichment latency with
 * the poison among 500 of their items is compared with the same load without it; the poison is parked with its
 * reason, shown to its owner as could not be analysed, counted, and skipped by the re-embedding worker.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
@WithTestResource(InvisibleInputRefusingEmbeddings.class)
class PoisonIsolationTest {

    private static final int USERS = 50;
    private static final int ITEMS_PER_USER = 10;
    private static final String ZERO_WIDTH_SPACE = "\u200b";

    @Inject
    ReembedWorker worker;

    @Inject
    MeterRegistry metrics;

    @Inject
    EnrichmentService enrichment;

    @Inject
    EmbeddingService embeddings;

    /** Everyone this test created: their rows carry the simulated endpoint's vectors, which no other test expects. */
    private final List<UUID> created = new ArrayList<>();

    @AfterEach
    void removeUsersAndForeignVectors() {
        TestData.query("delete from profiles where id = any(?) returning id", (Object) created.toArray(UUID[]::new));
        // Items of other suites that this boot enriched meanwhile (the consumers share the broker) go back to
        // unembedded, so no vector of the simulated model outlives the test.
        TestData.query(
                "update evidence set embedding = null, embedding_model = null where embedding_model = ? returning id",
                embeddings.modelId());
    }

    @Test
    void onePoisonedItemDoesNotDelayOtherUsers() {
        // Warm-up, so neither measured run pays for the first batches' class loading and JIT.
        measure(USERS / 5, null);
        Latency without = measure(USERS, null);

        User owner = TestData.user(false);
        created.add(owner.id());
        double parkedBefore = parkedCount();
        Latency with = measure(USERS, owner);

        System.out.printf(
                "Other users' enrichment latency, %d items: without poison %s; with one poisoned item %s%n",
                USERS * ITEMS_PER_USER, without, with);
        assertThat(with.p95()).isLessThanOrEqualTo(Math.max(2 * without.p95(), without.p95() + 2000));
        assertThat(with.max()).isLessThanOrEqualTo(Math.max(2 * without.max(), without.max() + 3000));

        UUID poison = with.poison();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(TestData.query(
                                "select reason, attempts from enrichment_dead_letters where evidence_id = ?", poison))
                        .hasSize(1));
        Map<String, Object> letter = TestData.query(
                        "select reason, attempts, parked_at from enrichment_dead_letters where evidence_id = ?", poison)
                .get(0);
        assertThat((String) letter.get("reason")).isNotBlank().doesNotContain("Exception");
        assertThat((Integer) letter.get("attempts")).isBetween(1, 3);
        Map<String, Object> row = TestData.row(poison);
        assertThat(row).containsEntry("embedded", false);
        assertThat((String) row.get("ai_metadata")).contains("\"enrichment_status\": \"could not be analysed\"");
        assertThat(directlyParked(owner)).containsExactly(EnrichmentOutcome.PARKED);
        assertThat(parkedCount()).isGreaterThan(parkedBefore);

        // The worker would pick the row up once it has been quiet for a while; a parked version is skipped.
        TestData.query("update evidence set updated_at = now() - interval '1 hour' where id = ? returning id", poison);
        worker.runBatch().await().atMost(Duration.ofSeconds(180));
        assertThat(TestData.query("select parked_at from enrichment_dead_letters where evidence_id = ?", poison)
                        .get(0)
                        .get("parked_at"))
                .isEqualTo(letter.get("parked_at"));
        assertThat(TestData.row(poison)).containsEntry("embedded", false);
    }

    /**
     * The counter of this instance: the consumers of every test boot on the shared broker claim events under one
     * name, so the first poison may have been parked by another boot. A second poisoned row, without an event, is
     * handed to this instance's service directly.
     */
    private List<EnrichmentOutcome> directlyParked(User owner) {
        Map<String, Object> row = TestData.query(
                        "insert into evidence (user_id, title, content, source) values (?, ?, ?, 'gitlab')"
                                + " returning id, version",
                        owner.id(),
                        ZERO_WIDTH_SPACE,
                        ZERO_WIDTH_SPACE)
                .get(0);
        EventEnvelope envelope = EventCodec.envelope(
                EventType.EVIDENCE_CREATED,
                owner.id(),
                new EvidencePayload(
                        (UUID) row.get("id"),
                        (Long) row.get("version"),
                        "gitlab",
                        ZERO_WIDTH_SPACE,
                        null,
                        List.of(),
                        Instant.now()));
        return enrichment
                .onEvents(List.of(new InboundEvent(envelope, EventType.EVIDENCE_CREATED)))
                .await()
                .atMost(Duration.ofSeconds(60));
    }

    /** Creates {@code users} x 10 items (after the poison, if any) and waits until the others are all enriched. */
    private Latency measure(int users, User poisonOwner) {
        UUID poison = null;
        if (poisonOwner != null) {
            poison = TestData.create(
                            poisonOwner,
                            ZERO_WIDTH_SPACE,
                            ZERO_WIDTH_SPACE,
                            "gitlab",
                            null,
                            List.of(),
                            Instant.now().minus(Duration.ofDays(1)))
                    .id();
        }
        List<UUID> ids = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            User user = TestData.user(false);
            created.add(user.id());
            List<String[]> items = new ArrayList<>();
            for (int i = 0; i < ITEMS_PER_USER; i++) {
                items.add(new String[] {
                    "Reviewed merge request " + u + "-" + i,
                    "Reviewed the caching change " + i + " of project " + u
                            + ": found a race in the invalidation path and suggested a lock-free fix.",
                    "gitlab"
                });
            }
            TestData.createMany(user, items, Instant.now().minus(Duration.ofDays(2))).stream()
                    .map(Evidence::id)
                    .forEach(ids::add);
        }
        UUID[] all = ids.toArray(UUID[]::new);
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> ((Number) TestData.query(
                                                "select count(*) as n from evidence where id = any(?)"
                                                        + " and embedding is not null",
                                                (Object) all)
                                        .get(0)
                                        .get("n"))
                                .intValue()
                        == all.length);
        List<Long> millis = new ArrayList<>();
        for (Map<String, Object> r : TestData.query(
                "select (extract(epoch from ((ai_metadata ->> 'enriched_at')::timestamptz - created_at)) * 1000)"
                        + "::bigint as ms from evidence where id = any(?)",
                (Object) all)) {
            millis.add(((Number) r.get("ms")).longValue());
        }
        Collections.sort(millis);
        return new Latency(
                millis.get(millis.size() / 2),
                millis.get((int) (millis.size() * 0.95) - 1),
                millis.get(millis.size() - 1),
                poison);
    }

    private double parkedCount() {
        return metrics.find("pulse.enrichment.dead_letters").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    /** Milliseconds from an item's commit to its enrichment: median, 95th percentile, maximum. */
    record Latency(long p50, long p95, long max, UUID poison) {
        @Override
        public String toString() {
            return "p50 " + p50 + " ms, p95 " + p95 + " ms, max " + max + " ms";
        }
    }
}
