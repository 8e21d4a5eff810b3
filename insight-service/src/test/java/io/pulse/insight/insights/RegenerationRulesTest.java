package io.pulse.insight.insights;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.pulse.common.events.EventType;
import io.pulse.common.events.InsightsRequestedPayload;
import io.pulse.common.testing.PulseTestResource;
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

/**
 * The regeneration rules (README, "Regeneration"), pinned with two successive LLM answers for the same period:
 * what replaces what, what the owner reviewed is kept, duplicates in one answer, stale insights retire, and only
 * requests that are really queued send a prompt.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class RegenerationRulesTest {

    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static String item(String type, String title, double confidence, Evidence... cited) {
        StringBuilder ids = new StringBuilder();
        for (Evidence e : cited) {
            ids.append(ids.isEmpty() ? "" : ", ").append('"').append(e.id()).append('"');
        }
        return "{\"type\": \"" + type + "\", \"title\": \"" + title + "\", \"description\": \"" + title
                + ", as the cited work shows.\", \"evidenceIds\": [" + ids + "], \"confidence\": " + confidence + "}";
    }

    private static String answer(String... items) {
        return "{\"insights\": [" + String.join(", ", items) + "]}";
    }

    @Test
    void aLaterGenerationReplacesUnreviewedInsightsKeepsReviewedOnesAndRetiresWhatItNoLongerSays() {
        User mia = TestData.user(true);
        String marker = "Kowari-" + UUID.randomUUID();
        Evidence a = TestData.create(
                mia,
                "Migrated billing to the new queue " + marker,
                "Moved billing jobs to the new queue.",
                "gitlab",
                "infrastructure",
                List.of(),
                now.minus(3, ChronoUnit.DAYS));
        Evidence b = TestData.create(
                mia,
                "Halved the build time " + marker,
                "CI builds went from 40 to 20 minutes.",
                "gitlab",
                "performance",
                List.of(),
                now.minus(4, ChronoUnit.DAYS));
        Evidence c = TestData.create(
                mia,
                "Reviewed merge requests " + marker,
                "Reviewed 14 merge requests for the payments team.",
                "gitlab",
                "code-review",
                List.of(),
                now.minus(5, ChronoUnit.DAYS));
        LocalDate start = today.minusDays(10);
        LlmFailuresTest.stub(LlmFailuresTest.insightPrompt(marker, start)
                .inScenario(marker)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(OpenAiSimulator.completion(answer(
                        item("strength", "Ships migrations safely", 0.7, a),
                        item("achievement", "Cut the build time", 0.8, b),
                        item("trend", "More code reviews", 0.6, c),
                        item("improvement", "Too much context switching", 0.5, a, b),
                        item("improvement", "Flaky tests slow releases", 0.5, c))))
                .willSetStateTo("second"));
        LlmFailuresTest.stub(LlmFailuresTest.insightPrompt(marker, start)
                .inScenario(marker)
                .whenScenarioStateIs("second")
                .willReturn(OpenAiSimulator.completion(answer(
                        // The same identity (type and citations) twice in one answer: the more confident one counts.
                        item("strength", "Ships risky migrations safely", 0.6, a),
                        item("strength", "Leads migrations end to end", 0.9, a),
                        item("achievement", "Cut the build time by half", 0.85, b),
                        item("trend", "More code reviews", 0.6, c),
                        item("trend", "Build work is rising", 0.5, b)))));

        JsonPath first = LlmFailuresTest.awaitFinished(mia, InsightsEndToEndTest.generate(mia, start, today));
        assertThat(first.getInt("insights_created")).isEqualTo(5);
        Map<String, String> ids = idsByTitle(mia, start);
        String strength = ids.get("Ships migrations safely");
        String validated = ids.get("Cut the build time");
        String rejected = ids.get("More code reviews");
        String stale = ids.get("Too much context switching");
        String commented = ids.get("Flaky tests slow releases");
        change(mia, validated, "{\"validated\": true}");
        change(mia, rejected, "{\"rejected\": true}");
        change(mia, commented, "{\"feedback\": \"Fair, but the flakiness is mostly in the e2e suite\"}");

        String secondId = InsightsEndToEndTest.generate(mia, start, today);
        JsonPath second = LlmFailuresTest.awaitFinished(mia, secondId);

        // Unreviewed, same identity: rewritten in place (same id) by the most confident of the duplicates.
        JsonPath rewritten = get(mia, strength);
        assertThat(rewritten.getString("title")).isEqualTo("Leads migrations end to end");
        assertThat(rewritten.getDouble("confidence")).isEqualTo(0.9);
        assertThat(rewritten.getBoolean("retired")).isFalse();
        // Validated: kept as the owner confirmed it.
        assertThat(get(mia, validated).getString("title")).isEqualTo("Cut the build time");
        assertThat(get(mia, validated).getBoolean("validated")).isTrue();
        // Rejected: not rewritten, not recreated.
        assertThat(get(mia, rejected).getBoolean("rejected")).isTrue();
        assertThat(TestData.query(
                        "select id from insights where user_id = ? and title = 'More code reviews'", mia.id()))
                .hasSize(1);
        // Commented on (feedback): reviewed, so kept as it was, and not retired though the answer left it out.
        assertThat(get(mia, commented).getBoolean("retired")).isFalse();
        assertThat(get(mia, commented).getString("title")).isEqualTo("Flaky tests slow releases");
        // Unreviewed and no longer produced: retired, out of the list, still readable by id.
        JsonPath retired = get(mia, stale);
        assertThat(retired.getBoolean("retired")).isTrue();
        Map<String, String> listed = idsByTitle(mia, start);
        assertThat(listed.values()).doesNotContain(stale).contains(strength, validated, commented);
        assertThat(listed).containsKey("Build work is rising");
        assertThat(second.getInt("insights_created")).isEqualTo(1);
        assertThat(second.getInt("insights_updated")).isEqualTo(1);
        assertThat(second.getInt("insights_retired")).isEqualTo(1);
        // The request's event names what it retired.
        List<Map<String, Object>> events = TestData.query(
                "select envelope->'payload'->>'retiredInsightIds' as retired from outbox where user_id = ?"
                        + " and event_type = 'insight-generation.updated' and envelope->'payload'->>'requestId' = ?"
                        + " and envelope->'payload'->>'status' = 'completed'",
                mia.id(),
                secondId);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("retired").toString()).isEqualTo("[\"" + stale + "\"]");

        // Validating a retired insight brings it back: a validated insight is never retired.
        change(mia, stale, "{\"validated\": true}");
        assertThat(get(mia, stale).getBoolean("retired")).isFalse();
        assertThat(idsByTitle(mia, start).values()).contains(stale);
    }

    @Test
    void anInsightsRequestedEventThatNobodyQueuedSendsNoPrompt() {
        User noa = TestData.user(true);
        String marker = "Dibbler-" + UUID.randomUUID();
        TestData.create(
                noa,
                "Wrote the incident review " + marker,
                "Wrote and presented the review of the March outage.",
                "manual",
                "incident",
                List.of(),
                now.minus(2, ChronoUnit.DAYS));
        LocalDate start = today.minusDays(20);
        LlmFailuresTest.stub(LlmFailuresTest.insightPrompt(marker, start)
                .willReturn(OpenAiSimulator.completion("{\"insights\": []}")));

        // As a producer from before requests were recorded wrote it, or as a new consumer group replays the topic.
        String replayed = TestData.publish(
                        EventType.INSIGHTS_REQUESTED, noa.id(), new InsightsRequestedPayload(start, today, "api"))
                .eventId()
                .toString();
        InsightsEndToEndTest.awaitHandled(replayed);

        assertThat(LlmFailuresTest.prompts(marker, start)).isEmpty();
        assertThat(TestData.query("select id from insight_generation_requests where id = ?", UUID.fromString(replayed)))
                .isEmpty();

        // A request that is queued is generated.
        JsonPath queued = LlmFailuresTest.awaitFinished(noa, InsightsEndToEndTest.generate(noa, start, today));
        assertThat(queued.getString("status")).isEqualTo("completed");
        assertThat(LlmFailuresTest.prompts(marker, start)).hasSize(1);
    }

    private static Map<String, String> idsByTitle(User user, LocalDate start) {
        JsonPath page = given().auth()
                .oauth2(user.token())
                .get("/api/v1/insights?limit=100&from=" + start)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, String> out = new java.util.HashMap<>();
        List<Map<String, Object>> items = page.getList("items");
        items.stream()
                .filter(i -> start.toString().equals(i.get("period_start")))
                .forEach(i -> out.put((String) i.get("title"), (String) i.get("id")));
        return out;
    }

    private static JsonPath get(User user, String id) {
        return given().auth()
                .oauth2(user.token())
                .get("/api/v1/insights/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void change(User user, String id, String body) {
        given().auth()
                .oauth2(user.token())
                .contentType(ContentType.JSON)
                .body(body)
                .patch("/api/v1/insights/" + id)
                .then()
                .statusCode(200);
    }
}
