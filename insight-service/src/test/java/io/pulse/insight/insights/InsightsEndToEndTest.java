package io.pulse.insight.insights;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.insights.generation.StatisticalInsightGenerator;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.pulse.insight.support.TestData.Evidence;
import io.pulse.insight.support.TestData.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

/**
 * Insights without an LLM, end to end: enrichment queues a debounced refresh, the refresh publishes a request, the
 * consumer computes insights from the evidence, and the owner reviews them. Real Postgres and Kafka.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightsEndToEndTest {

    private User carol;
    private User dave;
    private Evidence outcome;
    private List<UUID> performance;
    private List<UUID> all;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @BeforeAll
    void evidence() {
        carol = TestData.user(false);
        dave = TestData.user(false);
        outcome = TestData.create(
                carol,
                "Reduced search API latency by 40%",
                "Rewrote the ranking query to use a covering index and batched the facet lookups. The search"
                        + " API p95 went from 420ms to 250ms, a 40% reduction, verified in the load test.",
                "gitlab",
                "performance",
                List.of("search"),
                now.minus(5, ChronoUnit.DAYS));
        Evidence cache = TestData.create(
                carol,
                "Tuned the product cache eviction policy",
                "Analysed cache hit rates and changed the eviction policy for product pages; memory pressure on"
                        + " the cache nodes is lower.",
                "jira",
                "performance",
                List.of("search"),
                now.minus(8, ChronoUnit.DAYS));
        Evidence profiling = TestData.create(
                carol,
                "Profiled the indexing pipeline",
                "Used async-profiler on the indexing workers to find where CPU time goes; wrote up the hot spots.",
                "manual",
                "performance",
                List.of("search"),
                now.minus(12, ChronoUnit.DAYS));
        Evidence gc = TestData.create(
                carol,
                "Lowered GC pauses on the query service",
                "Switched the query service to G1 with tuned region sizes; pause times are shorter under load.",
                "gitlab",
                "performance",
                List.of(),
                now.minus(15, ChronoUnit.DAYS));
        performance = List.of(outcome.id(), cache.id(), profiling.id(), gc.id());
        all = performance;
        TestData.create(
                dave,
                "Dave's own item about latency",
                "Reduced latency of the billing export by 30%.",
                "manual",
                "performance",
                List.of(),
                now.minus(2, ChronoUnit.DAYS));
    }

    private JsonPath insights(User user, Map<String, String> params) {
        return given().auth()
                .oauth2(user.token())
                .queryParams(params)
                .get("/api/v1/insights")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    @SuppressWarnings("unchecked")
    void enrichedEvidenceLeadsToGroundedInsightsAfterTheDebounce() {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    // Other tests of this class also generate carol's insights on request: wait for the debounced
                    // regeneration itself, not merely for some insights to exist.
                    assertThat(enrichmentRequests()).isPositive();
                    JsonPath page = insights(carol, Map.of());
                    assertThat(page.getList("items.type", String.class)).contains("strength", "achievement");
                });
        JsonPath page = insights(carol, Map.of("limit", "100"));
        List<Map<String, Object>> items = page.getList("items");
        assertThat(page.getString("next_cursor")).isNull();
        // Keyset paging one item at a time walks the same list, in the same order, with no duplicate.
        List<String> walked = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Map<String, String> params = new java.util.HashMap<>(Map.of("limit", "1"));
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonPath one = insights(carol, params);
            walked.addAll(one.getList("items.id", String.class));
            cursor = one.getString("next_cursor");
        } while (cursor != null);
        assertThat(walked).isEqualTo(page.getList("items.id", String.class));
        for (Map<String, Object> item : items) {
            @SuppressWarnings("unchecked")
            List<String> cited = (List<String>) item.get("evidence_ids");
            assertThat(cited).isNotEmpty();
            assertThat(cited).allSatisfy(id -> assertThat(all).contains(UUID.fromString(id)));
            assertThat(((Number) item.get("confidence")).doubleValue()).isBetween(0.0, 1.0);
            assertThat(item.get("model_version")).isEqualTo(StatisticalInsightGenerator.METHOD);
        }
        assertThat(items)
                .anySatisfy(i -> {
                    assertThat(i.get("type")).isEqualTo("strength");
                    assertThat((String) i.get("title")).containsIgnoringCase("performance");
                    assertThat((List<?>) i.get("evidence_ids")).hasSize(4);
                })
                .anySatisfy(i -> {
                    assertThat(i.get("type")).isEqualTo("achievement");
                    assertThat((List<Object>) i.get("evidence_ids"))
                            .containsExactly(outcome.id().toString());
                });
        // Debounced: fewer regenerations than enriched items (normally one); events went through the outbox.
        assertThat(enrichmentRequests()).isBetween(1, performance.size() - 1);
        // One snapshot: each insight row and its insight.created event commit together.
        Map<String, Object> counts = TestData.query(
                        "select (select count(*) from insights where user_id = ?) as stored, (select count(*) from"
                                + " outbox where user_id = ? and event_type = 'insight.created') as created",
                        carol.id(),
                        carol.id())
                .get(0);
        assertThat(((Number) counts.get("created")).intValue()).isEqualTo(((Number) counts.get("stored")).intValue());
    }

    /** Regenerations queued by the debounce after enrichment (as opposed to on request). */
    private int enrichmentRequests() {
        List<Map<String, Object>> requests = TestData.query(
                "select count(*) as n from outbox where user_id = ? and event_type = 'insights.requested'"
                        + " and envelope->'payload'->>'reason' = 'enrichment'",
                carol.id());
        return ((Number) requests.get(0).get("n")).intValue();
    }

    @Test
    void requestedPeriodIsGeneratedAndARejectedInsightIsNotRegenerated() {
        LocalDate start = today.minusDays(30);
        String requestId = generate(carol, start, today);
        awaitHandled(requestId);
        JsonPath page = insights(carol, Map.of("from", start.toString(), "to", today.toString(), "limit", "100"));
        List<Map<String, Object>> forPeriod = page.<Map<String, Object>>getList("items").stream()
                .filter(i -> start.toString().equals(i.get("period_start")))
                .toList();
        Map<String, Object> strength = forPeriod.stream()
                .filter(i -> "strength".equals(i.get("type")))
                .findFirst()
                .orElseThrow();
        String id = (String) strength.get("id");

        given().auth()
                .oauth2(carol.token())
                .contentType(ContentType.JSON)
                .body("{\"rejected\": true, \"feedback\": \"Profiling alone is not a strength\"}")
                .patch("/api/v1/insights/" + id)
                .then()
                .statusCode(200)
                .body("rejected", equalTo(true))
                .body("validated", equalTo(false))
                .body("feedback", equalTo("Profiling alone is not a strength"));

        String again = generate(carol, start, today);
        awaitHandled(again);
        List<Map<String, Object>> rows = TestData.query(
                "select is_rejected, content, updated_at from insights where id = ?", UUID.fromString(id));
        assertThat(rows.get(0).get("is_rejected")).isEqualTo(true);
        JsonPath visible = insights(carol, Map.of("from", start.toString(), "to", today.toString(), "limit", "100"));
        assertThat(visible.getList("items.id", String.class)).doesNotContain(id);
        assertThat(visible.<Map<String, Object>>getList("items").stream()
                        .filter(i -> start.toString().equals(i.get("period_start")))
                        .filter(i -> i.get("title").equals(strength.get("title"))))
                .isEmpty();
        JsonPath rejected = insights(carol, Map.of("rejected", "true"));
        assertThat(rejected.getList("items.id", String.class)).containsExactly(id);
        List<Map<String, Object>> updates = TestData.query(
                "select count(*) as n from outbox where user_id = ? and event_type = 'insight.updated'"
                        + " and envelope->'payload'->>'insightId' = ?",
                carol.id(),
                id);
        assertThat(((Number) updates.get(0).get("n")).intValue()).isEqualTo(1);
    }

    @Test
    void ownerValidatesAndOthersCannotTouch() {
        LocalDate start = today.minusDays(20);
        awaitHandled(generate(carol, start, today));
        String id = insights(carol, Map.of("type", "achievement", "from", start.toString()))
                .getList("items.id", String.class)
                .get(0);

        given().auth()
                .oauth2(carol.token())
                .contentType(ContentType.JSON)
                .body("{\"validated\": true}")
                .patch("/api/v1/insights/" + id)
                .then()
                .statusCode(200)
                .body("validated", equalTo(true));
        assertThat(insights(carol, Map.of("validated", "true")).getList("items.id", String.class))
                .contains(id);
        given().auth()
                .oauth2(carol.token())
                .get("/api/v1/insights?type=achievement")
                .then()
                .statusCode(200)
                .body("items.type", everyItem(equalTo("achievement")));

        given().auth()
                .oauth2(carol.token())
                .contentType(ContentType.JSON)
                .body("{\"title\": \"Something nicer\", \"validated\": true}")
                .patch("/api/v1/insights/" + id)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("title"));
        given().auth()
                .oauth2(carol.token())
                .contentType(ContentType.JSON)
                .body("{\"feedback\": \"" + "x".repeat(2001) + "\"}")
                .patch("/api/v1/insights/" + id)
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("feedback"));
        given().auth()
                .oauth2(carol.token())
                .contentType(ContentType.JSON)
                .body("{\"validated\": \"yes\"}")
                .patch("/api/v1/insights/" + id)
                .then()
                .statusCode(422);
        given().auth()
                .oauth2(carol.token())
                .contentType(ContentType.JSON)
                .body("{\"validated\": true, \"rejected\": true}")
                .patch("/api/v1/insights/" + id)
                .then()
                .statusCode(422);

        given().auth()
                .oauth2(dave.token())
                .contentType(ContentType.JSON)
                .body("{\"rejected\": true}")
                .patch("/api/v1/insights/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(dave.token()).get("/api/v1/insights/" + id).then().statusCode(404);
        given().auth()
                .oauth2(carol.token())
                .get("/api/v1/insights/" + id)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(carol.token())
                .get("/api/v1/insights/not-a-uuid")
                .then()
                .statusCode(404);
        assertThat(TestData.query("select validated, is_rejected from insights where id = ?", UUID.fromString(id))
                        .get(0))
                .containsEntry("validated", true)
                .containsEntry("is_rejected", false);
        assertThat(insights(dave, Map.of()).getList("items.id", String.class)).doesNotContain(id);
    }

    @Test
    void aReviewPeriodIsGeneratedAndListedByItsId() {
        LocalDate start = today.minusDays(25);
        String period = TestData.period(
                carol,
                start.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                today.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        String requestId = given().auth()
                .oauth2(carol.token())
                .contentType(ContentType.JSON)
                .body("{\"period_id\": \"" + period + "\"}")
                .post("/api/v1/insights/generate")
                .then()
                .statusCode(202)
                .body("period_start", equalTo(start.toString()))
                .body("period_end", equalTo(today.toString()))
                .extract()
                .path("request_id");
        awaitHandled(requestId);
        JsonPath byPeriod = insights(carol, Map.of("period_id", period, "limit", "100"));
        assertThat(byPeriod.getList("items.period_start", String.class)).contains(start.toString());
        // An insight is in a period when the span it was generated for overlaps it (another user, rows as
        // insight-service writes them, so carol's own counts stay exact).
        User erin = TestData.user(false);
        String erinsPeriod = TestData.period(
                erin,
                start.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                today.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        String before = storedInsight(erin, start.minusDays(400), start.minusDays(1));
        String overlapping = storedInsight(erin, start.minusDays(10), start.plusDays(3));
        assertThat(insights(erin, Map.of("period_id", erinsPeriod)).getList("items.id", String.class))
                .containsExactly(overlapping);
        assertThat(insights(erin, Map.of()).getList("items.id", String.class))
                .containsExactlyInAnyOrder(before, overlapping);

        // Someone else's period is not found, and a period with dates is ambiguous.
        String bobsPeriod = TestData.period(
                TestData.user(false),
                start.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                today.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        given().auth()
                .oauth2(carol.token())
                .contentType(ContentType.JSON)
                .body("{\"period_id\": \"" + bobsPeriod + "\"}")
                .post("/api/v1/insights/generate")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(carol.token())
                .contentType(ContentType.JSON)
                .body("{\"period_id\": \"" + period + "\", \"period_start\": \"" + start + "\"}")
                .post("/api/v1/insights/generate")
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("period_id"));
        assertThat(insights(carol, Map.of("period_id", bobsPeriod)).getList("items"))
                .isEmpty();
        given().auth()
                .oauth2(carol.token())
                .get("/api/v1/insights?period_id=not-a-period")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("period_id"));
    }

    private static String storedInsight(User user, LocalDate start, LocalDate end) {
        return (String) TestData.query(
                        "insert into insights (user_id, type, title, content, evidence_ids, period_start, period_end)"
                                + " values (?, 'trend', 'A trend', 'Seen in the span', array[gen_random_uuid()], ?, ?)"
                                + " returning id::text as id",
                        user.id(),
                        java.sql.Date.valueOf(start),
                        java.sql.Date.valueOf(end))
                .get(0)
                .get("id");
    }

    @Test
    void invalidRequestsAreProblems() {
        given().auth()
                .oauth2(carol.token())
                .contentType(ContentType.JSON)
                .body("{\"period_start\": \"2026-03-31\", \"period_end\": \"2026-01-01\"}")
                .post("/api/v1/insights/generate")
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("period_end"));
        given().auth()
                .oauth2(carol.token())
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/insights/generate")
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("period_start"));
        given().auth()
                .oauth2(carol.token())
                .get("/api/v1/insights?type=bogus")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("type"));
        given().auth()
                .oauth2(carol.token())
                .get("/api/v1/insights?limit=500")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("limit"));
        given().auth()
                .oauth2(carol.token())
                .get("/api/v1/insights?cursor=not-a-cursor")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("cursor"));
        given().get("/api/v1/insights").then().statusCode(401);
    }

    static String generate(User user, LocalDate start, LocalDate end) {
        return given().auth()
                .oauth2(user.token())
                .contentType(ContentType.JSON)
                .body("{\"period_start\": \"" + start + "\", \"period_end\": \"" + end + "\"}")
                .post("/api/v1/insights/generate")
                .then()
                .statusCode(202)
                .body("status", equalTo("accepted"))
                .extract()
                .path("request_id");
    }

    /** Waits until the generation consumer has recorded the request as handled (its writes commit with it). */
    static void awaitHandled(String requestId) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> !TestData.query(
                                "select 1 from processed_events where consumer = 'insight-generation' and event_id = ?",
                                UUID.fromString(requestId))
                        .isEmpty());
    }
}
