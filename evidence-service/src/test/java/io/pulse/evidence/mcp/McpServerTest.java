package io.pulse.evidence.mcp;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.evidence.support.Api;
import io.pulse.evidence.web.SimulatedServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP server at {@code /mcp} as a client meets it: the same bearer tokens as the REST API (401 with the protected
 * resource metadata, 403 without a role), every bad argument a tool error with a clear message (never a protocol
 * error or a 500), results capped, a note written like {@code POST /api/v1/evidence}, insight-service called as the
 * caller, and every call counted. Shares the boot of {@code ApiProxyTest} (insight-service simulated by WireMock).
 * The whole journey with the official TypeScript SDK is the system test {@code McpServerSystemTest}.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(SimulatedServices.class)
class McpServerTest {

    @Inject
    MeterRegistry registry;

    private WireMock insight;

    @BeforeEach
    void simulatedInsightService() {
        URI url = ConfigProvider.getConfig().getValue("pulse.web.proxy.insight.url", URI.class);
        insight = new WireMock(url.getHost(), url.getPort());
        insight.resetMappings();
    }

    @Test
    void aRequestWithoutATokenIsAskedForOneAndToldWhereToGetIt() {
        Response response = given().contentType(ContentType.JSON)
                .accept("application/json, text/event-stream")
                .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list"))
                .post("/mcp");

        assertThat(response.statusCode()).isEqualTo(401);
        String challenge = response.header("WWW-Authenticate");
        assertThat(challenge).startsWith("Bearer").contains("resource_metadata=\"");
        String metadataUrl = challenge.replaceAll(".*resource_metadata=\"([^\"]+)\".*", "$1");
        assertThat(URI.create(metadataUrl).getPath()).isEqualTo("/.well-known/oauth-protected-resource");

        JsonPath metadata = given().get(URI.create(metadataUrl).getPath())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(metadata.getList("authorization_servers", String.class))
                .containsExactly(ConfigProvider.getConfig().getValue("pulse.web.oidc.issuer", String.class));
        assertThat(metadata.getString("resource")).startsWith("http://");
    }

    @Test
    void aForgedTokenIsRefusedAndATokenWithoutARoleIsForbidden() {
        for (String token : List.of(
                TestTokens.forged(TestTokens.newSubject()),
                TestTokens.expired(TestTokens.newSubject()),
                "not-a-token")) {
            given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .accept("application/json, text/event-stream")
                    .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list"))
                    .post("/mcp")
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"))
                    .contentType("application/problem+json");
        }
        given().auth()
                .oauth2(TestTokens.token(TestTokens.newSubject(), List.of("auditor")))
                .contentType(ContentType.JSON)
                .accept("application/json, text/event-stream")
                .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list"))
                .post("/mcp")
                .then()
                .statusCode(403);
    }

    @Test
    void everyToolDeclaresItsInputAndOutputSchema() {
        JsonPath tools = McpSession.open(Api.User.fresh().token()).result("tools/list", Map.of());

        assertThat(tools.getList("tools.name", String.class))
                .containsExactlyInAnyOrder(
                        "search_evidence",
                        "get_evidence",
                        "list_insights",
                        "summarize_period",
                        "add_note",
                        "draft_review");
        for (String name : tools.getList("tools.name", String.class)) {
            String tool = "tools.find { it.name == '" + name + "' }";
            assertThat(tools.getString(tool + ".inputSchema.type")).isEqualTo("object");
            assertThat(tools.getString(tool + ".outputSchema.type")).isEqualTo("object");
            assertThat(tools.getString(tool + ".description")).isNotBlank();
        }
        assertThat(tools.getList("tools.find { it.name == 'search_evidence' }.inputSchema.required", String.class))
                .containsExactly("query");
        // The schemas name properties as the results do (snake_case), not as the Java records do.
        assertThat(tools.getMap("tools.find { it.name == 'summarize_period' }.outputSchema.properties"))
                .containsKeys("period", "total", "by_source", "by_category", "top_achievements")
                .doesNotContainKeys("bySource", "topAchievements");
        assertThat(tools.getMap("tools.find { it.name == 'draft_review' }.outputSchema.properties"))
                .containsKeys("period_id", "sections", "dropped_bullets");
        assertThat(tools.getBoolean("tools.find { it.name == 'add_note' }.annotations.readOnlyHint"))
                .isFalse();
        assertThat(tools.getBoolean("tools.find { it.name == 'get_evidence' }.annotations.readOnlyHint"))
                .isTrue();
    }

    record BadCall(String tool, Map<String, Object> arguments, String message) {
        @Override
        public String toString() {
            return tool + " " + arguments;
        }
    }

    static Stream<BadCall> badCalls() {
        String tooLong = "x".repeat(1001);
        return Stream.of(
                new BadCall("search_evidence", Map.of("query", " "), "query"),
                new BadCall("search_evidence", Map.of("query", tooLong), "query must be at most 1000 characters"),
                new BadCall("search_evidence", Map.of("query", "q", "limit", 0), "limit must be between 1 and 25"),
                new BadCall("search_evidence", Map.of("query", "q", "limit", 500), "limit must be between 1 and 25"),
                new BadCall("search_evidence", Map.of("query", "q", "source", "github"), "source must be one of"),
                new BadCall("search_evidence", Map.of("query", "q", "period", "last summer"), "period must be"),
                new BadCall("search_evidence", Map.of("query", "q", "period", "2026-09-30/2026-07-01"), "ends before"),
                new BadCall("search_evidence", Map.of("query", "q", "period", "2026-02-30/2026-03-01"), "ISO-8601"),
                new BadCall("search_evidence", Map.of("query", "q", "period", "2026-Q5"), "period must be"),
                new BadCall("get_evidence", Map.of("id", "../etc/passwd"), "id must be an evidence_id"),
                new BadCall("get_evidence", Map.of("id", UUID.randomUUID().toString()), "No evidence with id"),
                new BadCall("list_insights", Map.of("type", "opinion"), "type must be one of"),
                new BadCall("list_insights", Map.of("limit", 51), "limit must be between 1 and 50"),
                new BadCall("summarize_period", Map.of("start", "2026-09-30", "end", "2026-07-01"), "end must not be"),
                new BadCall("summarize_period", Map.of("start", "July", "end", "2026-07-01"), "start must be"),
                new BadCall("summarize_period", Map.of("start", "1066-10-14", "end", "2026-07-01"), "start must lie"),
                new BadCall("add_note", Map.of("title", "", "content", "c"), "title"),
                new BadCall("add_note", Map.of("title", "t", "content", "c", "tags", List.of("no spaces")), "tags[0]"),
                new BadCall("add_note", Map.of("title", "t".repeat(201), "content", "c"), "title must be at most 200"),
                new BadCall("add_note", Map.of("title", "t", "content", "c", "occurred_at", "2999-01-01"), "future"),
                new BadCall("add_note", Map.of("title", "t", "content", "c", "occurred_at", "soon"), "occurred_at"),
                new BadCall("add_note", Map.of("title", "\u200b", "content", "c"), "title"));
    }

    @ParameterizedTest
    @MethodSource("badCalls")
    void aBadArgumentIsAToolErrorThatSaysWhatIsWrong(BadCall call) {
        Api.User user = Api.User.fresh();
        double before = count(call.tool(), "invalid") + count(call.tool(), "not_found");

        JsonPath result = McpSession.open(user.token()).callTool(call.tool(), call.arguments());

        assertThat(result.getBoolean("isError")).isTrue();
        assertThat(McpSession.text(result)).contains(call.message()).doesNotContain("Exception");
        assertThat(count(call.tool(), "invalid") + count(call.tool(), "not_found"))
                .isEqualTo(before + 1);
        assertThat(Api.evidenceOf(user.id())).isZero();
    }

    @Test
    void anArgumentOfTheWrongTypeIsAToolErrorBeforeTheToolRuns() {
        JsonPath result = McpSession.open(Api.User.fresh().token())
                .callTool("search_evidence", Map.of("query", "q", "limit", "lots"));

        assertThat(result.getBoolean("isError")).isTrue();
        assertThat(McpSession.text(result)).contains("limit");
    }

    @Test
    void theSelfReviewPromptNamesThePeriodsDaysAndRefusesABadPeriod() {
        McpSession mcp = McpSession.open(Api.User.fresh().token());

        JsonPath prompt =
                mcp.result("prompts/get", Map.of("name", "self_review", "arguments", Map.of("period", "2026-Q3")));
        JsonPath bad = mcp.request("prompts/get", Map.of("name", "self_review", "arguments", Map.of("period", "Q3")));

        assertThat(prompt.getString("messages[0].content.text"))
                .contains("summarize_period with start=2026-07-01 and end=2026-09-30");
        assertThat(bad.getInt("error.code")).isEqualTo(-32602);
        assertThat(bad.getString("error.message")).contains("period must be");
    }

    @Test
    void textThatCannotBeStoredIsRefusedWhileTheMessageIsRead() {
        Api.User user = Api.User.fresh();

        JsonPath answer = McpSession.open(user.token())
                .request(
                        "tools/call",
                        Map.of("name", "add_note", "arguments", Map.of("title", "t\u0000", "content", "c")));

        assertThat(answer.getInt("error.code")).isEqualTo(-32700);
        assertThat(Api.evidenceOf(user.id())).isZero();
    }

    @Test
    void aNoteIsStoredLikeTheRestApiStoresItAndReadBackOnlyByItsOwner() {
        Api.User owner = Api.User.fresh();
        Api.User other = Api.User.fresh();
        McpSession mcp = McpSession.open(owner.token());
        double before = count("add_note", "ok");

        JsonPath added = mcp.callTool(
                "add_note",
                Map.of(
                        "title", "Ran the Q3 incident review",
                        "content", "Wrote the postmortem and drove three follow-up fixes.",
                        "tags", List.of("sre", "postmortem"),
                        "occurred_at", "2026-08-12"));

        assertThat(added.getBoolean("isError")).isFalse();
        String id = added.getString("structuredContent.evidence_id");
        assertThat(added.getString("structuredContent.occurred_at")).isEqualTo("2026-08-12T00:00:00Z");
        assertThat(added.getString("structuredContent.citation.resource_uri")).isEqualTo("pulse://evidence/" + id);
        assertThat(added.getString("structuredContent.citation.app_url")).endsWith("/evidence/" + id);
        assertThat(McpSession.text(added)).contains(id);
        assertThat(Api.evidenceOf(owner.id())).isEqualTo(1);
        assertThat(Api.count(
                        "select count(*) from outbox where user_id = ? and event_type = 'evidence.created'",
                        owner.id()))
                .isEqualTo(1);
        assertThat(count("add_note", "ok")).isEqualTo(before + 1);
        owner.as().get("/api/v1/evidence/" + id).then().statusCode(200);

        JsonPath read = mcp.callTool("get_evidence", Map.of("id", id));
        assertThat(read.getString("structuredContent.title")).isEqualTo("Ran the Q3 incident review");
        assertThat(read.getList("structuredContent.tags", String.class)).containsExactly("sre", "postmortem");

        McpSession stranger = McpSession.open(other.token());
        JsonPath foreign = stranger.callTool("get_evidence", Map.of("id", id));
        assertThat(foreign.getBoolean("isError")).isTrue();
        assertThat(McpSession.text(foreign)).contains("No evidence with id " + id);
        JsonPath resource = stranger.request("resources/read", Map.of("uri", "pulse://evidence/" + id));
        assertThat(resource.getInt("error.code")).isEqualTo(-32002);
        JsonPath own = mcp.result("resources/read", Map.of("uri", "pulse://evidence/" + id));
        assertThat(own.getString("contents[0].mimeType")).isEqualTo("application/json");
        assertThat(JsonPath.from(own.getString("contents[0].text")).getString("evidence_id"))
                .isEqualTo(id);
    }

    @Test
    void draftReviewAnswersTheNamedPeriodsPacketWithCheckedCitationsToItsOwnerOnly() {
        Api.User owner = Api.User.fresh();
        Api.User other = Api.User.fresh();
        java.util.UUID ownerId = owner.id();
        owner.as()
                .contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("name", "Q3 2026", "start_date", "2026-07-01", "end_date", "2026-09-30"))
                .post("/api/v1/periods")
                .then()
                .statusCode(201);
        java.util.UUID inside = io.pulse.evidence.support.ReviewFixtures.manual(
                owner, "Cut checkout latency by 40%", java.time.Instant.parse("2026-08-12T10:00:00Z"));
        java.util.UUID outside = io.pulse.evidence.support.ReviewFixtures.manual(
                owner, "Spring clean-up", java.time.Instant.parse("2026-04-01T10:00:00Z"));
        io.pulse.evidence.support.ReviewFixtures.insight(
                ownerId, "achievement", "Faster checkout", "Checkout got 40% faster.", List.of(inside, outside));

        JsonPath draft = McpSession.open(owner.token()).callTool("draft_review", Map.of("period", "q3 2026"));

        assertThat(draft.getBoolean("isError")).isFalse();
        assertThat(draft.getString("structuredContent.period")).isEqualTo("Q3 2026");
        assertThat(draft.getList("structuredContent.sections[0].bullets[0].citations.evidence_id", String.class))
                .containsExactly(inside.toString());
        assertThat(draft.getString("structuredContent.sections[0].bullets[0].citations[0].resource_uri"))
                .isEqualTo("pulse://evidence/" + inside);
        JsonPath foreign = McpSession.open(other.token()).callTool("draft_review", Map.of("period", "Q3 2026"));
        assertThat(foreign.getBoolean("isError")).isTrue();
        assertThat(McpSession.text(foreign)).contains("Period").doesNotContain("checkout", inside.toString());
        JsonPath empty = McpSession.open(owner.token()).callTool("draft_review", Map.of("period", " "));
        assertThat(empty.getBoolean("isError")).isTrue();
        assertThat(McpSession.text(empty)).contains("period");
    }

    @Test
    void longContentIsCutAtTheConfiguredSize() {
        Api.User owner = Api.User.fresh();
        McpSession mcp = McpSession.open(owner.token());
        String id = mcp.callTool("add_note", Map.of("title", "Design doc", "content", "d".repeat(50_000)))
                .getString("structuredContent.evidence_id");

        JsonPath read = mcp.callTool("get_evidence", Map.of("id", id));

        assertThat(read.getString("structuredContent.content")).hasSize(20_000);
        assertThat(read.getBoolean("structuredContent.content_truncated")).isTrue();
    }

    @Test
    void searchAsksInsightServiceAsTheCallerAndCitesOnlyTheCallersItems() {
        Api.User owner = Api.User.fresh();
        McpSession mcp = McpSession.open(owner.token());
        String own = mcp.callTool(
                        "add_note",
                        Map.of(
                                "title", "Cut checkout p99 from 900 ms to 120 ms",
                                "content", "Batched the queries.",
                                "occurred_at", "2026-08-01"))
                .getString("structuredContent.evidence_id");
        String foreign = Api.User.fresh().createItem("Someone else's work");
        insight.register(get(urlPathEqualTo("/api/v1/search"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(searchResult(own, foreign))));

        JsonPath result = mcp.callTool(
                "search_evidence",
                Map.of("query", "made checkout faster", "period", "2026-Q3", "source", "manual", "limit", 5));

        assertThat(result.getBoolean("isError")).isFalse();
        assertThat(result.getList("structuredContent.results.evidence_id", String.class))
                .containsExactly(own);
        assertThat(result.getString("structuredContent.results[0].citation.app_url"))
                .endsWith("/evidence/" + own);
        assertThat(result.getString("structuredContent.period.start")).isEqualTo("2026-07-01");
        insight.verifyThat(getRequestedFor(urlPathEqualTo("/api/v1/search"))
                .withHeader("Authorization", equalTo("Bearer " + owner.token()))
                .withQueryParam("q", equalTo("made checkout faster"))
                .withQueryParam("from", equalTo("2026-07-01"))
                .withQueryParam("to", equalTo("2026-09-30"))
                .withQueryParam("source", equalTo("manual"))
                .withQueryParam("limit", equalTo("5")));
    }

    @Test
    void withoutInsightServiceSearchSaysSoAndTheSummaryStillCounts() {
        Api.User owner = Api.User.fresh();
        McpSession mcp = McpSession.open(owner.token());
        mcp.callTool("add_note", Map.of("title", "Shipped search", "content", "c", "occurred_at", "2026-08-01"));
        insight.register(
                get(urlPathEqualTo("/api/v1/search")).willReturn(aResponse().withStatus(503)));
        insight.register(
                get(urlPathEqualTo("/api/v1/insights")).willReturn(aResponse().withStatus(503)));
        double before = count("search_evidence", "unavailable");

        JsonPath search = mcp.callTool("search_evidence", Map.of("query", "search"));
        JsonPath summary = mcp.callTool("summarize_period", Map.of("start", "2026-07-01", "end", "2026-09-30"));

        assertThat(search.getBoolean("isError")).isTrue();
        assertThat(McpSession.text(search)).contains("insight-service is unavailable");
        assertThat(count("search_evidence", "unavailable")).isEqualTo(before + 1);
        assertThat(summary.getBoolean("isError")).isFalse();
        assertThat(summary.getLong("structuredContent.total")).isEqualTo(1);
        assertThat(summary.getList("structuredContent.by_source.name", String.class))
                .containsExactly("manual");
        assertThat(summary.getList("structuredContent.notes", String.class))
                .anyMatch(note -> note.contains("insight-service is unavailable"));
    }

    private static String searchResult(String... ids) {
        StringBuilder hits = new StringBuilder();
        for (String id : ids) {
            if (!hits.isEmpty()) {
                hits.append(',');
            }
            hits.append("{\"id\":\"")
                    .append(id)
                    .append("\",\"title\":\"t\",\"source\":\"manual\",\"category\":\"general\",\"tags\":[],"
                            + "\"occurred_at\":\"2026-08-01T00:00:00Z\",\"similarity\":0.71,\"score\":0.8,"
                            + "\"confidence\":\"high\"}");
        }
        return "{\"query\":\"q\",\"mode\":\"hybrid\",\"model\":\"m\",\"threshold\":0.3,\"threshold_source\":"
                + "\"calibrated\",\"results\":[" + hits + "]}";
    }

    private double count(String tool, String outcome) {
        Counter counter = registry.find("pulse.mcp.calls")
                .tag("tool", tool)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
