package io.pulse.insight.insights;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.pulse.insight.support.TestData.Evidence;
import io.pulse.insight.support.TestData.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The LLM path against a simulated OpenAI-compatible server (WireMock): request shape, structured output, citations
 * checked in code, malformed output rejected. The simulator's answers are matched on markers in each test's own
 * evidence.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class LlmInsightsTest {

    @Inject
    MeterRegistry metrics;

    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void enrichmentUsesTheLlmAndKeepsOnlyKnownCategories() {
        User erin = TestData.user(true);
        String marker = "Quokka-" + UUID.randomUUID();
        OpenAiSimulator.server()
                .stubFor(post(urlEqualTo("/v1/chat/completions"))
                        .atPriority(1)
                        .withRequestBody(containing("You analyse one item"))
                        .withRequestBody(containing(marker))
                        .willReturn(OpenAiSimulator.completion("{\"summary\": \"Cut the nightly build from 50 to 20"
                                + " minutes by caching dependencies.\", \"categories\": [\"infrastructure\","
                                + " \"heroics\", \"Performance\"], \"keyPhrases\": [\"nightly build\", \"dependency"
                                + " cache\"], \"sentiment\": 0.7}")));
        Evidence item = TestData.create(
                erin,
                "Faster nightly build " + marker,
                "Added a dependency cache to the nightly CI build; it now takes 20 minutes instead of 50.",
                "gitlab",
                null,
                List.of(),
                now.minus(1, ChronoUnit.DAYS));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(TestData.row(item.id())).containsEntry("embedded", true));
        Map<String, Object> row = TestData.row(item.id());
        assertThat(row.get("summary"))
                .isEqualTo("Cut the nightly build from 50 to 20 minutes by caching dependencies.");
        JsonPath meta = JsonPath.from((String) row.get("ai_metadata"));
        assertThat(meta.getString("model_version")).isEqualTo("llm:gpt-4o-mini+all-minilm-l6-v2");
        assertThat(meta.getList("categories_suggested", String.class)).containsExactly("infrastructure", "performance");
        assertThat(meta.getDouble("sentiment_score")).isEqualTo(0.7);
    }

    @Test
    void citationsOfOtherUsersOrUnknownIdsAreDroppedAndTheRequestHasTheRightShape() {
        User erin = TestData.user(true);
        User frank = TestData.user(false);
        String marker = "Wombat-" + UUID.randomUUID();
        Evidence own = TestData.create(
                erin,
                "Led the payments API migration " + marker,
                "Migrated the payments API from the monolith to its own service with zero downtime.",
                "jira",
                "infrastructure",
                List.of("payments"),
                now.minus(3, ChronoUnit.DAYS));
        Evidence foreign = TestData.create(
                frank,
                "Frank's confidential appraisal notes",
                "Private notes that must never reach Erin's insights.",
                "manual",
                null,
                List.of(),
                now.minus(3, ChronoUnit.DAYS));
        UUID madeUp = UUID.randomUUID();
        LocalDate start = today.minusDays(14);
        // Only the requested period's prompt: the rolling regeneration after enrichment gets the empty answer, so the
        // counters below see exactly this answer's citations.
        OpenAiSimulator.server()
                .stubFor(post(urlEqualTo("/v1/chat/completions"))
                        .atPriority(1)
                        .withRequestBody(containing("prepare a performance review"))
                        .withRequestBody(containing("Review period: " + start))
                        .withRequestBody(containing(marker))
                        .willReturn(OpenAiSimulator.completion("{\"insights\": ["
                                + "{\"type\": \"strength\", \"title\": \"Delivers risky migrations safely\","
                                + " \"description\": \"Moved payments out of the monolith without downtime.\","
                                + " \"evidenceIds\": [\"" + own.id() + "\", \"" + foreign.id() + "\", \"" + madeUp
                                + "\", \"item-3\", \"" + own.id() + "\", \"00000000-0000-0000-0000-000000000000\","
                                + " \"see the payments item above\"], \"confidence\": 0.8},"
                                + "{\"type\": \"trend\", \"title\": \"Borrowed claim\", \"description\": \"Cites only"
                                + " someone else's work.\", \"evidenceIds\": [\"" + foreign.id() + "\"],"
                                + " \"confidence\": 0.6},"
                                + "{\"type\": \"achievement\", \"title\": \"Invented claim\", \"description\":"
                                + " \"Cites nothing real.\", \"evidenceIds\": [\"" + madeUp + "\", \"PAY-1423\"],"
                                + " \"confidence\": 0.9}]}")));
        double notAnId = dropped("not-an-id");
        double notOwned = dropped("not-owned");
        double repeated = dropped("repeated");

        String requestId = InsightsEndToEndTest.generate(erin, start, today);
        InsightsEndToEndTest.awaitHandled(requestId);

        // Every dropped citation counts: 3 that are not ids, 5 of items that are not erin's (another user's twice,
        // a made-up id twice, the nil UUID), 1 repeated.
        assertThat(dropped("not-an-id") - notAnId).isEqualTo(3);
        assertThat(dropped("not-owned") - notOwned).isEqualTo(5);
        assertThat(dropped("repeated") - repeated).isEqualTo(1);
        List<Map<String, Object>> stored = TestData.query(
                "select title, evidence_ids::text as ids, period_start, ai_metadata->>'model_version' as model"
                        + " from insights where user_id = ? and period_start = ?",
                erin.id(),
                start);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0))
                .containsEntry("title", "Delivers risky migrations safely")
                .containsEntry("ids", "{" + own.id() + "}")
                .containsEntry("model", "llm:gpt-4o-mini");
        List<Map<String, Object>> leaked = TestData.query(
                "select id from insights where user_id = ? and (? = any(evidence_ids) or ? = any(evidence_ids))",
                erin.id(),
                foreign.id(),
                madeUp);
        assertThat(leaked).isEmpty();

        List<LoggedRequest> requests = OpenAiSimulator.server()
                .findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withRequestBody(containing("prepare a performance review"))
                        .withRequestBody(containing(marker)));
        assertThat(requests).isNotEmpty();
        LoggedRequest request = requests.get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer sk-test-simulated");
        JsonPath body = JsonPath.from(request.getBodyAsString());
        assertThat(body.getString("model")).isEqualTo("gpt-4o-mini");
        assertThat(body.getString("messages[0].role")).isEqualTo("system");
        assertThat(body.getString("messages[0].content")).contains("Every insight must cite at least one item");
        assertThat(body.getString("messages[1].role")).isEqualTo("user");
        assertThat(body.getString("messages[1].content"))
                .contains("[" + own.id() + "]")
                .contains(marker);
        assertThat(body.getString("response_format.type")).isEqualTo("json_object");
        assertThat(request.getBodyAsString())
                .doesNotContain("confidential")
                .doesNotContain(foreign.id().toString());

        JsonPath page = given().auth()
                .oauth2(erin.token())
                .get("/api/v1/insights?limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(page.getList("items.evidence_ids.flatten()", String.class))
                .containsOnly(own.id().toString());
    }

    private double dropped(String reason) {
        var counter = metrics.find("pulse.insights.citations.dropped")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void malformedOutputIsAskedForAgainThenTheStatisticalGeneratorStandsIn() {
        User gina = TestData.user(true);
        String marker = "Numbat-" + UUID.randomUUID();
        TestData.create(
                gina,
                "Ran the quarterly planning workshop " + marker,
                "Facilitated planning for the search team and wrote the resulting roadmap.",
                "manual",
                "planning",
                List.of(),
                now.minus(2, ChronoUnit.DAYS));
        OpenAiSimulator.server()
                .stubFor(post(urlEqualTo("/v1/chat/completions"))
                        .atPriority(1)
                        .withRequestBody(containing("prepare a performance review"))
                        .withRequestBody(containing(marker))
                        .willReturn(OpenAiSimulator.completion(
                                "Sure! Here are the insights: {\"insights\": [{\"type\": \"strength\", \"title\":")));

        String requestId = InsightsEndToEndTest.generate(gina, today.minusDays(7), today);
        InsightsEndToEndTest.awaitHandled(requestId);

        // Nothing the LLM wrote is stored; whatever is stored is the statistical generator's, labelled as standing in.
        assertThat(TestData.query(
                        "select ai_metadata->>'model_version' as model from insights where user_id = ?", gina.id()))
                .allSatisfy(row -> assertThat(row.get("model")).isEqualTo("evidence-semantic-v2(llm-malformed)"));
        given().auth()
                .oauth2(gina.token())
                .get("/api/v1/insights/generation-requests/" + requestId)
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("fallback", equalTo(true))
                .body("reason", equalTo("llm_malformed_output"))
                .body("llm_error", equalTo("malformed"))
                .body("generator", equalTo("evidence-semantic-v2(llm-malformed)"));
        int calls = OpenAiSimulator.server()
                .findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withRequestBody(containing("prepare a performance review"))
                        .withRequestBody(containing("Review period: " + today.minusDays(7)))
                        .withRequestBody(containing(marker)))
                .size();
        // pulse.llm.max-attempts answers, each a successful call: malformed output is not a transport failure.
        assertThat(calls).isEqualTo(3);
    }

    @Test
    void wrongShapeIsRejectedToo() {
        User hal = TestData.user(true);
        String marker = "Dugong-" + UUID.randomUUID();
        Evidence item = TestData.create(
                hal,
                "Reviewed twelve merge requests " + marker,
                "Reviewed merge requests for the billing team this week.",
                "gitlab",
                "code-review",
                List.of(),
                now.minus(2, ChronoUnit.DAYS));
        OpenAiSimulator.server()
                .stubFor(post(urlEqualTo("/v1/chat/completions"))
                        .atPriority(1)
                        .withRequestBody(containing("prepare a performance review"))
                        .withRequestBody(containing(marker))
                        .willReturn(OpenAiSimulator.completion("{\"insights\": [{\"type\": \"superpower\", \"title\":"
                                + " \"Reviews\", \"description\": \"Many reviews.\", \"evidenceIds\": [\"" + item.id()
                                + "\"], \"confidence\": 7}]}")));
        String requestId = InsightsEndToEndTest.generate(hal, today.minusDays(7), today);
        InsightsEndToEndTest.awaitHandled(requestId);
        assertThat(TestData.query(
                        "select id from insights where user_id = ? and ai_metadata->>'model_version' like 'llm:%'",
                        hal.id()))
                .isEmpty();
    }
}
