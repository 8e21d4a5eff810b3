package io.pulse.insight.enrichment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.pulse.common.db.Datasources;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.EvidencePayload;
import io.pulse.common.evidence.EvidenceRow;
import io.pulse.common.evidence.EvidenceRows;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.enrichment.repository.EnrichmentRepository;
import io.pulse.insight.enrichment.repository.EnrichmentWrite;
import io.pulse.insight.enrichment.service.ReembedWorker;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.pulse.insight.support.TestData.Evidence;
import io.pulse.insight.support.TestData.User;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a model change, vectors of the old model are never compared with the new model's query vectors, and the
 * background worker re-embeds them. Simulated by relabelling an item's vector as another model's.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class ReembedWorkerTest {

    @Inject
    ReembedWorker worker;

    @Inject
    EnrichmentRepository repository;

    @Inject
    @ReactiveDataSource(Datasources.SERVICE)
    Pool pool;

    @Test
    void vectorsOfAnotherModelAreExcludedFromSearchAndReembedded() {
        User user = TestData.user(false);
        Evidence item = TestData.create(
                user,
                "Automated the monthly credential rotation",
                "A scheduled job now rotates database passwords and API keys every month without downtime.",
                "manual",
                null,
                List.of(),
                Instant.now().minus(Duration.ofDays(2)));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(TestData.row(item.id())).containsEntry("embedded", true));
        assertThat(search(user)).contains(item.id().toString());

        TestData.query("update evidence set embedding_model = 'previous-model' where id = ? returning id", item.id());
        assertThat(search(user)).doesNotContain(item.id().toString());

        Integer reembedded = worker.runBatch().await().atMost(Duration.ofSeconds(120));
        assertThat(reembedded).isGreaterThanOrEqualTo(1);
        assertThat(TestData.row(item.id())).containsEntry("embedding_model", "all-minilm-l6-v2");
        assertThat(search(user)).contains(item.id().toString());
        assertThat(TestData.query(
                        "select 1 from evidence where embedding_model <> 'all-minilm-l6-v2' and id = ?", item.id()))
                .isEmpty();
    }

    /**
     * An enrichment backlog older than the worker's settle time: the worker enriches a row whose event is still
     * queued, and the event, when it arrives, must not compute, write or publish a second time. The write guard
     * also refuses a second enrichment of the same version by the same model (the race of the two paths).
     */
    @Test
    void aRowTheWorkerEnrichedIsNotEnrichedAgainByItsQueuedEvent() {
        User user = TestData.user(false);
        Instant at = Instant.now().minus(Duration.ofDays(1));
        // Written just over the worker's 5-minute settle ago; its evidence.created event has not been delivered yet.
        // The worker heals the most recently changed rows first, so this one comes before whatever older unembedded
        // rows other suites left in the shared test database.
        UUID id = (UUID) TestData.query(
                        "insert into evidence (user_id, title, content, source, occurred_at, updated_at)"
                                + " values (?, ?, ?, 'manual', ?, now() - interval '5 minutes 3 seconds') returning id",
                        user.id(),
                        "Migrated the billing reports to the new warehouse",
                        "Moved forty nightly reports to the warehouse and retired the old cron host.",
                        java.sql.Timestamp.from(at))
                .get(0)
                .get("id");

        assertThat(worker.runBatch().await().atMost(Duration.ofSeconds(120))).isGreaterThanOrEqualTo(1);
        assertThat(TestData.row(id)).containsEntry("embedded", true);
        assertThat(enrichedEvents(id)).isEqualTo(1);

        EventEnvelope queued = TestData.publish(
                EventType.EVIDENCE_CREATED,
                user.id(),
                new EvidencePayload(
                        id, 1, "manual", "Migrated the billing reports to the new warehouse", null, List.of(), at));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(TestData.query(
                                "select 1 from processed_events where consumer = 'insight-enrichment'"
                                        + " and event_id = ?",
                                queued.eventId()))
                        .hasSize(1));
        assertThat(enrichedEvents(id)).isEqualTo(1);

        // The race: both paths computed; whichever writes second lands nothing.
        EvidenceRow row =
                EvidenceRows.map(pool.preparedQuery("select " + EvidenceRows.COLUMNS + " from evidence where id = $1")
                        .execute(Tuple.of(id))
                        .await()
                        .atMost(Duration.ofSeconds(10))
                        .iterator()
                        .next());
        String vector = (String) TestData.query("select embedding::text as v from evidence where id = ?", id)
                .get(0)
                .get("v");
        EnrichmentWrite again = new EnrichmentWrite(row, "Again", "{}", vector, "all-minilm-l6-v2");
        assertThat(repository.updateAll(pool, List.of(again)).await().atMost(Duration.ofSeconds(10)))
                .containsExactly(false);
        assertThat(TestData.row(id).get("summary")).isNotEqualTo("Again");
    }

    private static long enrichedEvents(UUID evidenceId) {
        return (Long) TestData.query(
                        "select count(*) as n from outbox where event_type = 'evidence.enriched'"
                                + " and envelope->'payload'->>'evidenceId' = ?",
                        evidenceId.toString())
                .get(0)
                .get("n");
    }

    private static List<String> search(User user) {
        return given().auth()
                .oauth2(user.token())
                .queryParam("q", "rotating secrets automatically")
                .queryParam("threshold", "0.2")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("results.id", String.class);
    }
}
