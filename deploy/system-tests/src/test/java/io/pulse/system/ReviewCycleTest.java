package io.pulse.system;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pulse.common.testing.TestTokens;
import io.pulse.system.PackagedStack.Service;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A review cycle across the packaged services: notes are enriched by insight-service, a goal's suggestions come from
 * the product's search by meaning (evidence-service calling insight-service with the owner's token), insights are
 * generated for the period, and the packet built from them cites only the owner's evidence of the period; shared,
 * it is what the manager sees.
 */
class ReviewCycleTest {

    private static PackagedStack stack;

    @BeforeAll
    static void start() {
        stack = PackagedStack.get();
    }

    @Test
    void aGoalsSuggestionsAndThePacketComeFromTheOwnersWorkOfThePeriod() {
        String owner = TestTokens.individual(TestTokens.newSubject());
        String other = TestTokens.individual(TestTokens.newSubject());
        String managerSubject = TestTokens.newSubject();
        String manager = TestTokens.token(managerSubject, List.of("manager"));

        String latency = note(
                owner,
                "Cut checkout API p99 latency from 900 ms to 120 ms",
                "Profiled the checkout endpoint, replaced N+1 queries with one batched query and added a read-through"
                        + " cache. p99 latency dropped from 900 ms to 120 ms.",
                "2026-08-12T10:00:00Z");
        String mentoring = note(
                owner,
                "Mentored two new engineers through their first on-call week",
                "Paired on every incident, wrote the on-call runbook together and reviewed their postmortems.",
                "2026-09-03T10:00:00Z");
        String outside = note(
                owner,
                "Made the search endpoint respond in 50 ms instead of 2 s",
                "Query planning fix; this was in spring, outside the period.",
                "2026-04-02T10:00:00Z");
        String foreign = note(
                other,
                "Sped up the payments API response times by caching",
                "Another person's work, invisible to the owner.",
                "2026-08-20T10:00:00Z");

        // Enriched: found by meaning.
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(as(owner, Service.INSIGHT)
                                .queryParam("q", "made an endpoint respond much faster")
                                .get("/api/v1/search")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("results.id", String.class))
                        .contains(latency, outside));

        String period = as(owner, Service.EVIDENCE)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Q3 2026", "start_date", "2026-07-01", "end_date", "2026-09-30"))
                .post("/api/v1/periods")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String goal = as(owner, Service.EVIDENCE)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "title", "Make the checkout faster",
                        "description", "Reduce the response time of the checkout API for customers"))
                .post("/api/v1/periods/" + period + "/goals")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        List<String> suggested = as(owner, Service.EVIDENCE)
                .get("/api/v1/goals/" + goal + "/suggestions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("evidence.evidence_id", String.class);
        assertThat(suggested).first().isEqualTo(latency);
        assertThat(suggested).doesNotContain(outside, foreign);
        as(owner, Service.EVIDENCE)
                .put("/api/v1/goals/" + goal + "/evidence/" + latency)
                .then()
                .statusCode(200);
        List<String> after = as(owner, Service.EVIDENCE)
                .get("/api/v1/goals/" + goal + "/suggestions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("evidence.evidence_id", String.class);
        assertThat(after).doesNotContain(latency);

        // Insights for the period, then the packet built from them.
        as(owner, Service.INSIGHT)
                .contentType(ContentType.JSON)
                .body(Map.of("period_start", "2026-07-01", "period_end", "2026-09-30"))
                .post("/api/v1/insights/generate")
                .then()
                .statusCode(202);
        JsonPath packet = await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> as(owner, Service.EVIDENCE)
                                .post("/api/v1/periods/" + period + "/packet")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        p -> !p.getList("sections.findAll { it.key != 'goals' }.bullets.flatten()")
                                .isEmpty());
        List<String> cited = packet.getList("sections.bullets.flatten().citations.flatten().evidence_id", String.class);
        assertThat(cited).isNotEmpty().contains(latency).doesNotContain(outside, foreign);
        for (String id : cited.stream().distinct().toList()) {
            Instant when = Instant.parse(as(owner, Service.EVIDENCE)
                    .get("/api/v1/evidence/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("occurred_at"));
            assertThat(when).isBetween(Instant.parse("2026-07-01T00:00:00Z"), Instant.parse("2026-09-30T23:59:59Z"));
            as(other, Service.EVIDENCE).get("/api/v1/evidence/" + id).then().statusCode(404);
        }
        String markdown = as(owner, Service.EVIDENCE)
                .queryParam("format", "markdown")
                .get("/api/v1/periods/" + period + "/packet/export")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(markdown).contains("# Review packet: Q3 2026", latency).doesNotContain(outside, foreign);

        // Shared with the manager: exactly the packet and what it cites.
        as(manager, Service.EVIDENCE).get("/api/v1/profile").then().statusCode(200);
        as(owner, Service.EVIDENCE)
                .contentType(ContentType.JSON)
                .body(Map.of("email", managerSubject + "@example.test"))
                .put("/api/v1/manager")
                .then()
                .statusCode(200);
        as(owner, Service.EVIDENCE)
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "packet", "item_id", packet.getString("id")))
                .post("/api/v1/shares")
                .then()
                .statusCode(201);
        String ownerId = as(owner, Service.EVIDENCE)
                .get("/api/v1/profile")
                .then()
                .extract()
                .path("id");
        String seen = as(manager, Service.EVIDENCE)
                .get("/api/v1/shared-with-me/" + ownerId)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(seen).contains(packet.getString("id"), latency).doesNotContain(outside, foreign);
    }

    private static String note(String token, String title, String content, String occurredAt) {
        return as(token, Service.EVIDENCE)
                .contentType(ContentType.JSON)
                .body(Map.of("title", title, "content", content, "occurred_at", occurredAt))
                .post("/api/v1/evidence")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static RequestSpecification as(String token, Service service) {
        return given().baseUri(stack.uri(service).toString()).auth().oauth2(token);
    }
}
