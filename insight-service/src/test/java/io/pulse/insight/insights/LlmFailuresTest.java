package io.pulse.insight.insights;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.support.InsightEvents;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.pulse.insight.support.TestData.Evidence;
import io.pulse.insight.support.TestData.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The LLM failing in the ways real providers fail, end to end (real Postgres and Kafka, the LLM simulated by
 * WireMock): rate limits with server-named waits, a full outage, error bodies carrying user content. The owner sees
 * every generation's outcome, the stream carries it, and nothing of an error body reaches the metrics.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class LlmFailuresTest {

    private static final String INSIGHT_PROMPT = "prepare a performance review";
    private static final Set<String> ERROR_CLASSES =
            Set.of("none", "timeout", "connection", "rate_limited", "auth", "4xx", "5xx", "malformed", "other");

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    MeterRegistry metrics;

    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aGenerationSurvivesA429BurstWaitingWhatTheServerAskedFor() {
        User ivy = TestData.user(true);
        String marker = "Quoll-" + UUID.randomUUID();
        LocalDate start = today.minusDays(14);
        Evidence item = TestData.create(
                ivy,
                "Led the on-call handover redesign " + marker,
                "Rewrote the on-call handover checklist; pages that needed a second engineer went from 9 to 2.",
                "manual",
                "incident",
                List.of(),
                now.minus(4, ChronoUnit.DAYS));
        String rateLimited = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini in organization org-sim on"
                + " requests per min (RPM): Limit 3, Used 3, Requested 1.\",\"type\":\"requests\",\"param\":null,"
                + "\"code\":\"rate_limit_exceeded\"}}";
        stub(insightPrompt(marker, start)
                .inScenario(marker)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", "1")
                        .withBody(rateLimited))
                .willSetStateTo("http-date"));
        stub(insightPrompt(marker, start)
                .inScenario(marker)
                .whenScenarioStateIs("http-date")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody(rateLimited)
                        .withTransformers(OpenAiSimulator.RetryAfterDate.NAME)
                        .withTransformerParameter("seconds", 2))
                .willSetStateTo("reset-header"));
        stub(insightPrompt(marker, start)
                .inScenario(marker)
                .whenScenarioStateIs("reset-header")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-ratelimit-limit-requests", "3")
                        .withHeader("x-ratelimit-remaining-requests", "0")
                        .withHeader("x-ratelimit-reset-requests", "1s")
                        .withBody(rateLimited))
                .willSetStateTo("served"));
        stub(insightPrompt(marker, start)
                .inScenario(marker)
                .whenScenarioStateIs("served")
                .willReturn(OpenAiSimulator.completion("{\"insights\": [{\"type\": \"achievement\", \"title\":"
                        + " \"Made on-call sustainable\", \"description\": \"The handover redesign cut escalations"
                        + " from 9 to 2.\", \"evidenceIds\": [\"" + item.id() + "\"], \"confidence\": 0.8}]}")));

        String requestId = InsightsEndToEndTest.generate(ivy, start, today);
        JsonPath request = awaitFinished(ivy, requestId);

        assertThat(request.getString("status")).isEqualTo("completed");
        assertThat(request.getBoolean("fallback")).isFalse();
        assertThat(request.getString("generator")).isEqualTo("llm:gpt-4o-mini");
        assertThat(request.getInt("insights_created")).isEqualTo(1);
        List<LoggedRequest> calls = prompts(marker, start);
        assertThat(calls).hasSize(4);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < calls.size(); i++) {
            gaps.add(calls.get(i).getLoggedDate().getTime()
                    - calls.get(i - 1).getLoggedDate().getTime());
        }
        System.out.printf(
                "429 burst during a generation: 4 calls; the server saw them %s ms apart (asked: Retry-After 1,"
                        + " Retry-After <HTTP-date 2 s ahead>, x-ratelimit-reset-requests 1s)%n",
                gaps);
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(990);
        // An HTTP-date has whole seconds: 2 s ahead of the moment it was written is 1-2 s away.
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(940);
        assertThat(gaps.get(2)).isGreaterThanOrEqualTo(990);
        assertThat(TestData.query(
                        "select title, ai_metadata->>'model_version' as model from insights where user_id = ?"
                                + " and period_start = ?",
                        ivy.id(),
                        start))
                .containsExactly(Map.of("title", "Made on-call sustainable", "model", "llm:gpt-4o-mini"));
    }

    @Test
    void aFullOutageEndsInStatisticalInsightsMarkedAsTheFallbackAndTheStreamSaysSo() {
        User kim = TestData.user(true);
        String marker = "Bilby-" + UUID.randomUUID();
        List<Evidence> items = performanceWork(kim, marker);
        // Every insight prompt of this user fails, as during a provider outage; the body echoes the request.
        stub(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .withRequestBody(containing(INSIGHT_PROMPT))
                .withRequestBody(containing(marker))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"The server had an error while processing your request"
                                + " req_" + marker + ". Sorry about that!\",\"type\":\"server_error\"}}")));
        awaitEnriched(items);
        double fallbacks = count("pulse.insights.llm.fallbacks", "reason", "llm_unavailable");
        double failures = count("pulse.insights.llm.failures", "error_type", "5xx");
        LocalDate start = today.minusDays(30);

        ExtractableResponse<Response> accepted = given().auth()
                .oauth2(kim.token())
                .contentType(ContentType.JSON)
                .body("{\"period_start\": \"" + start + "\", \"period_end\": \"" + today + "\"}")
                .post("/api/v1/insights/generate")
                .then()
                .statusCode(202)
                .extract();
        String requestId = accepted.path("request_id");
        assertThat(accepted.header("Location")).endsWith("/api/v1/insights/generation-requests/" + requestId);
        JsonPath request = awaitFinished(kim, requestId);

        assertThat(request.getString("status")).isEqualTo("completed");
        assertThat(request.getBoolean("fallback")).isTrue();
        assertThat(request.getString("reason")).isEqualTo("llm_unavailable");
        assertThat(request.getString("llm_error")).isEqualTo("5xx");
        assertThat(request.getString("generator")).isEqualTo("evidence-semantic-v2(llm-unavailable)");
        assertThat(request.getString("detail")).contains("statistical generator");
        assertThat(request.getInt("insights_created")).isPositive();
        // The policy's attempts, each a 500; then no more calls for this request.
        assertThat(prompts(marker, start)).hasSize(5);
        List<Map<String, Object>> stored = TestData.query(
                "select id, type, ai_metadata->>'model_version' as model from insights where user_id = ?"
                        + " and period_start = ?",
                kim.id(),
                start);
        assertThat(stored).hasSize(request.getInt("insights_created"));
        assertThat(stored)
                .allSatisfy(i -> assertThat(i.get("model")).isEqualTo("evidence-semantic-v2(llm-unavailable)"));
        assertThat(stored).anySatisfy(i -> assertThat(i.get("type")).isEqualTo("strength"));
        JsonPath listed = given().auth()
                .oauth2(kim.token())
                .get("/api/v1/insights?from=" + start + "&limit=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(listed.getList("items.model_version", String.class))
                .contains("evidence-semantic-v2(llm-unavailable)");
        assertThat(count("pulse.insights.llm.fallbacks", "reason", "llm_unavailable"))
                .isGreaterThan(fallbacks);
        assertThat(count("pulse.insights.llm.failures", "error_type", "5xx")).isGreaterThan(failures);

        // The stream: the request pending, then completed as a fallback, with the insights it created.
        List<String> created = stored.stream().map(i -> i.get("id").toString()).toList();
        List<JsonNode> events = InsightEvents.awaitFor(
                kim.id(),
                seen -> generationEvents(seen, requestId).size() >= 2
                        && insightEvents(seen, created).size() >= created.size());
        List<JsonNode> generation = generationEvents(events, requestId);
        generation.forEach(
                e -> System.out.println("stream (outage): " + e.get("type").asText() + " " + e.get("payload")));
        insightEvents(events, created)
                .forEach(e ->
                        System.out.println("stream (outage): " + e.get("type").asText() + " " + e.get("payload")));
        assertThat(generation)
                .extracting(e -> e.at("/payload/status").asText())
                .containsExactly("pending", "completed");
        JsonNode completed = generation.get(1).get("payload");
        assertThat(completed.get("fallback").asBoolean()).isTrue();
        assertThat(completed.get("reason").asText()).isEqualTo("llm_unavailable");
        assertThat(completed.get("llmError").asText()).isEqualTo("5xx");
        assertThat(completed.get("generator").asText()).isEqualTo("evidence-semantic-v2(llm-unavailable)");
        assertThat(insightEvents(events, created))
                .extracting(e -> e.get("type").asText())
                .containsOnly("insight.created");

        // The list of requests pages like every list; another user does not see the request.
        JsonPath page = given().auth()
                .oauth2(kim.token())
                .get("/api/v1/insights/generation-requests?limit=1")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(page.getList("items")).hasSize(1);
        List<String> all = new ArrayList<>(page.getList("items.id", String.class));
        String cursor = page.getString("next_cursor");
        while (cursor != null) {
            JsonPath next = given().auth()
                    .oauth2(kim.token())
                    .queryParam("limit", 1)
                    .queryParam("cursor", cursor)
                    .get("/api/v1/insights/generation-requests")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            all.addAll(next.getList("items.id", String.class));
            cursor = next.getString("next_cursor");
        }
        assertThat(all).contains(requestId).doesNotHaveDuplicates();
        User other = TestData.user(false);
        given().auth()
                .oauth2(other.token())
                .get("/api/v1/insights/generation-requests/" + requestId)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertThat(given().auth()
                        .oauth2(other.token())
                        .get("/api/v1/insights/generation-requests")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.id", String.class))
                .doesNotContain(requestId);
        given().auth()
                .oauth2(kim.token())
                .get("/api/v1/insights/generation-requests?limit=0")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void errorBodiesNeverReachTheMetricsOnlyTheirClass() {
        User lee = TestData.user(true);
        String marker = "Potoroo-" + UUID.randomUUID();
        LocalDate start = today.minusDays(7);
        // Both the analysis of the item and the insight prompt fail with bodies echoing the user's evidence.
        stub(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .withRequestBody(containing("You analyse one item"))
                .withRequestBody(containing(marker))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Overloaded while summarising 'Salary review notes "
                                + marker + "' (request req_" + marker + ")\",\"type\":\"server_error\"}}")));
        stub(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .withRequestBody(containing(INSIGHT_PROMPT))
                .withRequestBody(containing(marker))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Invalid prompt near 'Salary review notes " + marker
                                + "'\",\"type\":\"invalid_request_error\",\"param\":\"messages\"}}")));
        Evidence item = TestData.create(
                lee,
                "Salary review notes " + marker,
                "Prepared the notes for the quarterly review with my manager.",
                "manual",
                "planning",
                List.of(),
                now.minus(2, ChronoUnit.DAYS));
        awaitEnriched(List.of(item));
        assertThat(TestData.row(item.id()).get("ai_metadata").toString()).contains("extractive-v1(llm-unavailable)");
        JsonPath request = awaitFinished(lee, InsightsEndToEndTest.generate(lee, start, today));
        assertThat(request.getString("llm_error")).isEqualTo("4xx");

        String scraped = given().baseUri("http://" + management.getHost())
                .port(management.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(scraped).doesNotContain(marker).doesNotContain("Salary review notes");
        Matcher labels = Pattern.compile("error_type=\"([^\"]*)\"").matcher(scraped);
        List<String> values = new ArrayList<>();
        while (labels.find()) {
            values.add(labels.group(1));
        }
        assertThat(values)
                .isNotEmpty()
                .allSatisfy(v -> assertThat(ERROR_CLASSES).contains(v));
        assertThat(scraped)
                .containsPattern("gen_ai_client_operation_duration_seconds_count\\{[^}]*error_type=\"5xx\"")
                .containsPattern("gen_ai_client_operation_duration_seconds_count\\{[^}]*error_type=\"4xx\"")
                .containsPattern("pulse_llm_failures_total\\{[^}]*error_type=\"4xx\"[^}]*operation=\"chat\"")
                .containsPattern("pulse_enrichment_llm_fallbacks_total\\{[^}]*error_type=\"5xx\"")
                .containsPattern("pulse_insights_llm_fallbacks_total\\{[^}]*reason=\"llm_unavailable\"");
    }

    /** Four items of performance work, one with a measured outcome (enough for the statistical generator). */
    private List<Evidence> performanceWork(User user, String marker) {
        return List.of(
                TestData.create(
                        user,
                        "Reduced search API latency by 40% " + marker,
                        "Rewrote the ranking query to use a covering index and batched the facet lookups. The search"
                                + " API p95 went from 420ms to 250ms, a 40% reduction, verified in the load test.",
                        "gitlab",
                        "performance",
                        List.of("search"),
                        now.minus(5, ChronoUnit.DAYS)),
                TestData.create(
                        user,
                        "Tuned the product cache eviction policy " + marker,
                        "Analysed cache hit rates and changed the eviction policy for product pages; memory pressure"
                                + " on the cache nodes is lower.",
                        "jira",
                        "performance",
                        List.of("search"),
                        now.minus(8, ChronoUnit.DAYS)),
                TestData.create(
                        user,
                        "Profiled the indexing pipeline " + marker,
                        "Used async-profiler on the indexing workers to find where CPU time goes; wrote up the hot"
                                + " spots.",
                        "manual",
                        "performance",
                        List.of("search"),
                        now.minus(12, ChronoUnit.DAYS)),
                TestData.create(
                        user,
                        "Lowered GC pauses on the query service " + marker,
                        "Switched the query service to G1 with tuned region sizes; pause times are shorter under"
                                + " load.",
                        "gitlab",
                        "performance",
                        List.of(),
                        now.minus(15, ChronoUnit.DAYS)));
    }

    static MappingBuilder insightPrompt(String marker, LocalDate start) {
        return post(urlEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .withRequestBody(containing(INSIGHT_PROMPT))
                .withRequestBody(containing("Review period: " + start))
                .withRequestBody(containing(marker));
    }

    static void stub(MappingBuilder mapping) {
        OpenAiSimulator.server().stubFor(mapping);
    }

    /** The insight prompts sent for the marker's evidence and the period starting on {@code start}. */
    static List<LoggedRequest> prompts(String marker, LocalDate start) {
        return OpenAiSimulator.server()
                .findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withRequestBody(containing(INSIGHT_PROMPT))
                        .withRequestBody(containing("Review period: " + start))
                        .withRequestBody(containing(marker)));
    }

    static void awaitEnriched(List<Evidence> items) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() ->
                        items.forEach(i -> assertThat(TestData.row(i.id())).containsEntry("embedded", true)));
    }

    /** Polls the generation request until it is no longer pending. */
    static JsonPath awaitFinished(User user, String requestId) {
        return await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> given().auth()
                                .oauth2(user.token())
                                .get("/api/v1/insights/generation-requests/" + requestId)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        r -> !"pending".equals(r.getString("status")));
    }

    private double count(String name, String tag, String value) {
        Counter counter = metrics.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<JsonNode> generationEvents(List<JsonNode> events, String requestId) {
        return events.stream()
                .filter(e -> e.get("type").asText().equals("insight-generation.updated"))
                .filter(e -> e.at("/payload/requestId").asText().equals(requestId))
                .toList();
    }

    private static List<JsonNode> insightEvents(List<JsonNode> events, List<String> insightIds) {
        return events.stream()
                .filter(e -> e.get("type").asText().startsWith("insight."))
                .filter(e -> insightIds.contains(e.at("/payload/insightId").asText()))
                .toList();
    }
}
