package io.pulse.insight.search;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.pulse.insight.support.TestData.Evidence;
import io.pulse.insight.support.TestData.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * End to end against the real Postgres and Kafka, without an LLM (the users opt out): evidence written as
 * evidence-service writes it is enriched through the evidence-events topic and becomes searchable by meaning.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchEndToEndTest {

    /** Related to all three items, so a zero threshold admits each of them and the filters decide. */
    private static final String QUERY_ALL =
            "engineering work: on-call mentoring, checkout service latency, database runbook";

    private User alice;
    private User bob;
    private Evidence mentoring;
    private Evidence latency;
    private Evidence runbook;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    void evidence() {
        alice = TestData.user(false);
        bob = TestData.user(false);
        mentoring = TestData.create(
                alice,
                "Mentored two junior engineers through their first on-call rotation",
                "Paired with Priya and Tom during their first on-call week. We walked through alert triage, the"
                        + " escalation policy and how to read the dashboards. Both handled their next pages alone.",
                "manual",
                null,
                List.of("people"),
                now.minus(3, ChronoUnit.DAYS));
        latency = TestData.create(
                alice,
                "Reduced checkout API p99 latency from 900ms to 180ms",
                "Profiled the checkout service, found an N+1 query on the cart items and added a Redis cache for"
                        + " price lookups. p99 latency dropped from 900ms to 180ms and CPU usage fell by 35%.",
                "gitlab",
                "performance",
                List.of("checkout", "backend"),
                now.minus(10, ChronoUnit.DAYS));
        runbook = TestData.create(
                alice,
                "Wrote the database failover runbook",
                "Documented the step-by-step procedure for promoting the Postgres replica during a primary"
                        + " failure, with verification queries and a rollback section. Reviewed by the SRE team.",
                "jira",
                "documentation",
                List.of("database"),
                now.minus(40, ChronoUnit.DAYS));
        awaitEnriched(mentoring.id(), latency.id(), runbook.id());
    }

    static void awaitEnriched(UUID... ids) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    for (UUID id : ids) {
                        assertThat(TestData.row(id)).containsEntry("embedded", true);
                    }
                });
    }

    @Test
    void enrichmentWritesSummaryMetadataAndEmbeddingOfTheCurrentModel() {
        Map<String, Object> row = TestData.row(latency.id());
        assertThat(row.get("embedding_model")).isEqualTo("all-minilm-l6-v2");
        assertThat((String) row.get("summary")).isNotBlank().contains("p99");
        JsonPath meta = JsonPath.from((String) row.get("ai_metadata"));
        assertThat(meta.getString("model_version")).isEqualTo("extractive-v1+all-minilm-l6-v2");
        assertThat(meta.getList("categories_suggested", String.class)).contains("performance");
        assertThat(meta.getList("key_phrases", String.class)).isNotEmpty();
        assertThat(meta.getDouble("sentiment_score")).isBetween(-1.0, 1.0);
        assertThat(meta.getLong("processing_time")).isGreaterThanOrEqualTo(0);
        // Content version untouched: enrichment is not an edit.
        assertThat(row.get("version")).isEqualTo(1L);
    }

    @Test
    void findsEvidenceByMeaningWithNoSharedKeyword() {
        // No word of the query appears in the mentoring item's title or content.
        JsonPath result = given().auth()
                .oauth2(alice.token())
                .queryParam("q", "coaching newer colleagues")
                .queryParam("mode", "semantic")
                .queryParam("threshold", "0.1")
                .queryParam("limit", "3")
                .when()
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("model", equalTo("all-minilm-l6-v2"))
                .extract()
                .jsonPath();
        assertThat(result.getString("results[0].id")).isEqualTo(mentoring.id().toString());
        List<Float> similarities = result.getList("results.similarity", Float.class);
        assertThat(similarities).isSortedAccordingTo((a, b) -> Float.compare(b, a));
        assertThat(similarities).allSatisfy(s -> assertThat(s).isBetween(0.1f, 1.0f));
    }

    @Test
    void aDefaultSearchOfAFreshUserFindsTheRelevantItem() {
        User erin = TestData.user(false);
        Evidence endpoint = TestData.create(
                erin,
                "perf(orders-api): cache customer tier lookups (!318)",
                "GET /orders/{id} called the CRM for the customer tier on every request. Cached tiers for five minutes"
                        + " in Caffeine and warmed the cache on startup. p95 of the endpoint went from 1.4 s to 160 ms.",
                "gitlab",
                null,
                List.of(),
                now.minus(6, ChronoUnit.DAYS));
        Evidence juniors = TestData.create(
                erin,
                "Weekly pairing with the two graduates",
                "Paired with Sam and Noor every Tuesday on their first backend tickets and reviewed their designs."
                        + " Both now pick up stories on their own and Noor presented at the guild.",
                "manual",
                null,
                List.of(),
                now.minus(12, ChronoUnit.DAYS));
        Evidence ticket = TestData.create(
                erin,
                "PAY-1423 Refunds fail for split payments",
                "Refunds of orders paid with a gift card plus a card failed with a validation error. Refund the card"
                        + " part first, then restore the gift card balance; added tests for every split.",
                "jira",
                null,
                List.of(),
                now.minus(20, ChronoUnit.DAYS));
        Evidence upgrade = TestData.create(
                erin,
                "Upgrade Kafka clients to 3.7 (!402)",
                "Bumped the Kafka clients in the five consumers, switched to the cooperative rebalancing protocol"
                        + " and checked the consumer lag dashboards after each deploy.",
                "gitlab",
                null,
                List.of(),
                now.minus(25, ChronoUnit.DAYS));
        awaitEnriched(endpoint.id(), juniors.id(), ticket.id(), upgrade.id());

        // Only q: the mode, the threshold and the limit are the defaults.
        JsonPath faster = defaultSearch(erin, "made an endpoint respond much faster");
        assertThat(faster.getString("mode")).isEqualTo("hybrid");
        assertThat(faster.getString("threshold_source")).isEqualTo("calibrated");
        assertThat(faster.getDouble("threshold")).isEqualTo(0.2);
        assertThat(faster.getString("results[0].id")).isEqualTo(endpoint.id().toString());
        // A paraphrase of this model scores modestly; the confidence says so rather than hiding the hit.
        assertThat(faster.getString("results[0].confidence")).isIn("high", "low");

        JsonPath grow = defaultSearch(erin, "helped junior colleagues grow");
        assertThat(grow.getString("results[0].id")).isEqualTo(juniors.id().toString());

        JsonPath key = defaultSearch(erin, "PAY-1423");
        assertThat(key.getString("results[0].id")).isEqualTo(ticket.id().toString());
        assertThat(key.getString("results[0].confidence")).isEqualTo("high");

        // Nothing of hers is about bread: nothing comes back, or nothing with confidence.
        JsonPath bread = defaultSearch(erin, "baked sourdough bread for the team offsite");
        assertThat(bread.getList("results.confidence", String.class)).doesNotContain("high");
    }

    private static JsonPath defaultSearch(User user, String q) {
        return given().auth()
                .oauth2(user.token())
                .queryParam("q", q)
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void thresholdCutsWeakMatches() {
        JsonPath result = given().auth()
                .oauth2(alice.token())
                .queryParam("q", "coaching newer colleagues")
                .queryParam("threshold", "0.99")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(result.getList("results")).isEmpty();
    }

    @Test
    void onlyTheCallersEvidenceIsSearched() {
        given().auth()
                .oauth2(bob.token())
                .queryParam("q", "coaching newer colleagues")
                .queryParam("threshold", "0")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("results.size()", equalTo(0));
    }

    @Test
    void filtersBySourceCategoryTagAndTime() {
        List<String> bySource = ids(Map.of("q", QUERY_ALL, "threshold", "0", "source", "gitlab"));
        assertThat(bySource).containsExactly(latency.id().toString());
        List<String> byCategory = ids(Map.of("q", QUERY_ALL, "threshold", "0", "category", "documentation"));
        assertThat(byCategory).containsExactly(runbook.id().toString());
        List<String> byTag = ids(Map.of("q", QUERY_ALL, "threshold", "0", "tag", "people"));
        assertThat(byTag).containsExactly(mentoring.id().toString());
        List<String> recent = ids(Map.of(
                "q",
                QUERY_ALL,
                "threshold",
                "0",
                "from",
                now.minus(20, ChronoUnit.DAYS).toString()));
        assertThat(recent)
                .containsExactlyInAnyOrder(
                        mentoring.id().toString(), latency.id().toString());
        List<String> older = ids(Map.of(
                "q",
                QUERY_ALL,
                "threshold",
                "0",
                "to",
                now.minus(20, ChronoUnit.DAYS).toString()));
        assertThat(older).containsExactly(runbook.id().toString());

        // A review period of the last three weeks: the same days as from/to, by id; Bob's period id matches nothing.
        String period = TestData.period(alice, now.minus(20, ChronoUnit.DAYS), now);
        assertThat(ids(Map.of("q", QUERY_ALL, "threshold", "0", "period_id", period)))
                .containsExactlyInAnyOrder(
                        mentoring.id().toString(), latency.id().toString());
        String bobsPeriod = TestData.period(bob, now.minus(400, ChronoUnit.DAYS), now);
        assertThat(ids(Map.of("q", QUERY_ALL, "threshold", "0", "period_id", bobsPeriod)))
                .isEmpty();
    }

    @Test
    void hybridModeFusesFullTextAndVectorRanks() {
        JsonPath result = given().auth()
                .oauth2(alice.token())
                .queryParam("q", "failover runbook")
                .queryParam("mode", "hybrid")
                .queryParam("threshold", "0.2")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("mode", equalTo("hybrid"))
                .extract()
                .jsonPath();
        assertThat(result.getString("results[0].id")).isEqualTo(runbook.id().toString());
        assertThat(result.getDouble("results[0].score")).isGreaterThan(0);
        assertThat(result.getDouble("results[0].similarity")).isGreaterThan(0.2);
    }

    @Test
    void invalidParametersAreProblems() {
        given().auth()
                .oauth2(alice.token())
                .queryParam("q", "x")
                .queryParam("limit", "51")
                .queryParam("threshold", "1.5")
                .queryParam("mode", "fuzzy")
                .get("/api/v1/search")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("limit"))
                .body("errors.field", hasItem("threshold"))
                .body("errors.field", hasItem("mode"));
        given().auth()
                .oauth2(alice.token())
                .get("/api/v1/search")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("q"));
        given().queryParam("q", "anything").get("/api/v1/search").then().statusCode(401);
    }

    @Test
    void acceptsTokensFromTheRealKeycloak() {
        String token = given().baseUri(System.getenv().getOrDefault("PULSE_OIDC_BASE", "http://127.0.0.1:8180"))
                .formParam("grant_type", "password")
                .formParam("client_id", "pulse-cli")
                .formParam("username", "alice")
                .formParam("password", "alice-pw")
                .post("/realms/pulse/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
        given().auth()
                .oauth2(token)
                .queryParam("q", "work I am proud of")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("model", equalTo("all-minilm-l6-v2"));
        given().auth().oauth2(token).get("/api/v1/insights").then().statusCode(200);
    }

    private List<String> ids(Map<String, String> params) {
        return given().auth()
                .oauth2(alice.token())
                .queryParams(params)
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("results.id", String.class);
    }
}
