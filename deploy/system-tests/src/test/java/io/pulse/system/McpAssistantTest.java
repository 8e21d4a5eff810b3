package io.pulse.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.system.PackagedStack.Service;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A person's AI assistant asks "what did I ship in Q3?": the packaged evidence-service's MCP server, driven by a
 * client nobody on the project wrote (the official TypeScript SDK, {@code node/mcp-journey.mjs}) with the person's
 * Keycloak access token. Person A's Q3 evidence is written through the REST API, enriched and turned into insights by
 * the packaged insight-service; the assistant lists the tools, calls each one and reads an item as a resource, and
 * every answer cites A's items with their source links. Person B, with a valid token of their own, sees none of A's
 * data through any tool or resource; a missing or forged token gets 401 with the protected resource metadata.
 */
class McpAssistantTest {

    private static final String Q3_START = "2026-07-01";
    private static final String Q3_END = "2026-09-30";
    private static final String MERGE_REQUEST = "https://gitlab.example.com/shop/checkout/-/merge_requests/412";
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static PackagedStack stack;

    @BeforeAll
    static void start() {
        stack = PackagedStack.get();
    }

    @Test
    void anAssistantAnswersFromItsOwnersEvidenceWithCitationsAndFromNobodyElses() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (KeycloakUsers users = new KeycloakUsers()) {
            KeycloakUsers.User a = users.create("mcp-a-" + run, "Ada");
            KeycloakUsers.User b = users.create("mcp-b-" + run, "Bert");
            String issuer = users.tokenUrl().replace("/protocol/openid-connect/token", "");

            // A's evidence, written as the web app writes it: three items in Q3, one before it.
            String latency = note(
                    token(users, a),
                    "Cut checkout API p99 latency from 900 ms to 120 ms",
                    "Profiled the checkout endpoint and replaced the N+1 queries with one batched query and a"
                            + " read-through cache. p99 latency dropped from 900 ms to 120 ms.",
                    "performance",
                    MERGE_REQUEST,
                    "2026-08-14T10:00:00Z");
            String incident = note(
                    token(users, a),
                    "Led the payments incident review",
                    "Ran the postmortem of the payments outage and drove three follow-up fixes to completion.",
                    "incident-response",
                    null,
                    "2026-09-03T09:00:00Z");
            String ci = note(
                    token(users, a),
                    "Moved CI to shared runners",
                    "Moved the monorepo's pipelines to the shared runners. Build time fell from 25 minutes to 9"
                            + " minutes.",
                    "infrastructure",
                    null,
                    "2026-07-21T15:30:00Z");
            String spring = note(
                    token(users, a),
                    "Onboarded two new engineers",
                    "Paired with both for their first month.",
                    "mentoring",
                    null,
                    "2026-05-10T12:00:00Z");
            List<String> ofA = List.of(latency, incident, ci, spring);
            awaitEnriched(users, a, ofA);
            awaitAchievements(users, a, latency);
            // A review period of A's, for draft_review (B has none of that name).
            given().baseUri(stack.uri(Service.EVIDENCE).toString())
                    .auth()
                    .oauth2(token(users, a))
                    .contentType(ContentType.JSON)
                    .body(Map.of("name", "Q3 2026", "start_date", "2026-07-01", "end_date", "2026-09-30"))
                    .post("/api/v1/periods")
                    .then()
                    .statusCode(201);

            Map<String, Object> config = Map.of(
                    "mcpUrl",
                    stack.uri(Service.EVIDENCE) + "/mcp",
                    "tokenUrl",
                    users.tokenUrl(),
                    "userA",
                    a,
                    "userB",
                    b,
                    "ids",
                    Map.of("latency", latency, "incident", incident, "ci", ci, "spring", spring),
                    "forgedToken",
                    forged(issuer));
            Path file = Files.createDirectories(Path.of("target")).resolve("mcp-journey-" + run + ".json");
            new ObjectMapper().writeValue(file.toFile(), config);
            NodeTool.Result result = NodeTool.run(
                    List.of("mcp-journey.mjs", file.toAbsolutePath().toString()), Duration.ofMinutes(3));
            Files.delete(file);
            assertThat(result.exitCode()).as(result.output()).isZero();
            String line = result.output()
                    .lines()
                    .filter(l -> l.startsWith("RESULT "))
                    .reduce((first, last) -> last)
                    .orElseThrow();
            Files.writeString(Path.of("target", "mcp-journey-result.json"), line.substring("RESULT ".length()));
            JsonPath seen = JsonPath.from(line.substring("RESULT ".length()));

            discovery(seen);
            answersOfTheOwner(seen, latency, incident, ci, spring);
            nothingOfTheOwnerForSomeoneElse(seen, ofA);
            refusedWithoutAValidToken(seen, issuer);
            countedWithBoundedLabels(ofA);
        }
    }

    /** The tools, the resource template and the prompt, each described with its schema. */
    private static void discovery(JsonPath seen) {
        assertThat(seen.getList("tools.name", String.class))
                .containsExactlyInAnyOrder(
                        "search_evidence",
                        "get_evidence",
                        "list_insights",
                        "summarize_period",
                        "add_note",
                        "draft_review");
        assertThat(seen.getList("tools.outputSchema.type", String.class)).containsOnly("object");
        assertThat(seen.getMap("tools.find { it.name == 'summarize_period' }.outputSchema.properties"))
                .containsKeys("period", "total", "by_source", "by_category", "top_achievements");
        assertThat(seen.getMap(
                        "tools.find { it.name == 'summarize_period' }.outputSchema.properties.period.properties"))
                .containsOnlyKeys("start", "end");
        assertThat(seen.getMap(
                        "tools.find { it.name == 'search_evidence' }.outputSchema.properties.results.items.properties"))
                .containsKeys("evidence_id", "occurred_at", "citation");
        assertThat(seen.getList("tools.inputSchema.type", String.class)).containsOnly("object");
        assertThat(seen.getList("tools.find { it.name == 'search_evidence' }.inputSchema.required", String.class))
                .containsExactly("query");
        assertThat(seen.getMap("tools.find { it.name == 'search_evidence' }.inputSchema.properties"))
                .containsOnlyKeys("query", "period", "source", "limit");
        assertThat(seen.getMap("tools.find { it.name == 'summarize_period' }.inputSchema.properties"))
                .containsOnlyKeys("start", "end");
        assertThat(seen.getMap("tools.find { it.name == 'list_insights' }.inputSchema.properties"))
                .containsOnlyKeys("type", "period", "validated", "limit");
        assertThat(seen.getMap("tools.find { it.name == 'add_note' }.inputSchema.properties"))
                .containsKeys("title", "content", "tags");
        assertThat(seen.getBoolean("tools.find { it.name == 'add_note' }.readOnly"))
                .isFalse();
        assertThat(seen.getBoolean("tools.find { it.name == 'search_evidence' }.readOnly"))
                .isTrue();
        assertThat(seen.getList("resourceTemplates", String.class)).containsExactly("pulse://evidence/{id}");
        assertThat(seen.getList("prompts.name", String.class)).containsExactly("self_review");
        assertThat(seen.getString("prompt.text"))
                .contains("summarize_period with start=" + Q3_START + " and end=" + Q3_END)
                .contains("list_insights with period=" + Q3_START + "/" + Q3_END)
                .contains("search_evidence");
    }

    /** Every tool answers A from A's evidence, and every answer cites it with its links. */
    private static void answersOfTheOwner(JsonPath seen, String latency, String incident, String ci, String spring) {
        Set<String> q3 = Set.of(latency, incident, ci);

        JsonPath search = structured(seen, "a.search");
        assertThat(search.getList("results.evidence_id", String.class))
                .contains(latency)
                .isSubsetOf(q3);
        assertThat(search.getString("period.start")).isEqualTo(Q3_START);
        String hit = "results.find { it.evidence_id == '" + latency + "' }";
        assertThat(search.getString(hit + ".citation.source_url")).isEqualTo(MERGE_REQUEST);
        assertThat(search.getString(hit + ".citation.app_url")).endsWith("/evidence/" + latency);
        assertThat(search.getString(hit + ".citation.resource_uri")).isEqualTo("pulse://evidence/" + latency);
        assertThat(search.getString(hit + ".summary")).isNotBlank();
        assertThat(structured(seen, "a.searchAllTime").getList("results.evidence_id", String.class))
                .contains(latency)
                .doesNotContainNull();

        JsonPath item = structured(seen, "a.getEvidence");
        assertThat(item.getString("evidence_id")).isEqualTo(latency);
        assertThat(item.getString("content")).contains("p99 latency dropped from 900 ms to 120 ms");
        assertThat(item.getString("summary")).isNotBlank();
        assertThat(item.getString("citation.source_url")).isEqualTo(MERGE_REQUEST);

        JsonPath insights = structured(seen, "a.insights");
        assertThat(insights.getInt("count")).isPositive();
        assertThat(insights.getList("insights.citations.flatten().evidence_id", String.class))
                .isNotEmpty()
                .isSubsetOf(latency, incident, ci, spring);
        JsonPath achievements = structured(seen, "a.achievements");
        assertThat(achievements.getList("insights.type", String.class)).containsOnly("achievement");
        assertThat(achievements.getList("insights.evidence_ids.flatten()", String.class))
                .contains(latency);

        JsonPath summary = structured(seen, "a.summary");
        assertThat(summary.getLong("total")).isEqualTo(3);
        assertThat(summary.getList("by_source.name", String.class)).containsExactly("manual");
        assertThat(summary.getList("by_source.count", Long.class)).containsExactly(3L);
        assertThat(summary.getList("by_category.name", String.class))
                .containsExactlyInAnyOrder("performance", "incident-response", "infrastructure");
        assertThat(summary.getList("top_achievements.evidence_ids.flatten()", String.class))
                .contains(latency)
                .doesNotContain(spring);
        assertThat(summary.getList("top_achievements.citations.flatten().source_url", String.class))
                .contains(MERGE_REQUEST);

        // The review packet of A's period: achievements cite the latency work, nothing from outside the period.
        JsonPath draft = structured(seen, "a.draft");
        assertThat(draft.getString("period")).isEqualTo("Q3 2026");
        assertThat(draft.getList("sections.key", String.class))
                .containsExactly("achievements", "strengths", "growth_areas", "trends", "goals");
        List<String> drafted =
                draft.getList("sections.bullets.flatten().citations.flatten().evidence_id", String.class);
        assertThat(drafted).contains(latency).doesNotContain(spring).isSubsetOf(latency, incident, ci);
        assertThat(draft.getList("sections.bullets.flatten().citations.flatten().source_url", String.class))
                .contains(MERGE_REQUEST);

        assertThat(seen.getString("a.resource.mimeType")).isEqualTo("application/json");
        assertThat(seen.getString("a.resource.json.evidence_id")).isEqualTo(latency);
        assertThat(seen.getString("a.resource.json.citation.source_url")).isEqualTo(MERGE_REQUEST);

        JsonPath note = structured(seen, "a.note");
        assertThat(note.getString("evidence_id")).matches(UUID_TEXT);
        assertThat(note.getString("occurred_at")).isEqualTo("2026-09-15T00:00:00Z");
        assertThat(structured(seen, "a.noteRead").getList("tags", String.class)).containsExactly("mobile", "release");

        assertThat(seen.getBoolean("a.badLimit.isError")).isTrue();
        assertThat(seen.getString("a.badLimit.text")).contains("limit must be between 1 and 25");
        assertThat(seen.getBoolean("a.badPeriod.isError")).isTrue();
        assertThat(seen.getString("a.badPeriod.text")).contains("end must not be before start");
        assertThat(seen.getBoolean("a.unknownId.isError")).isTrue();
        assertThat(seen.getString("a.unknownId.text")).contains("id must be an evidence_id");
    }

    /** B's valid token reaches the same tools, and none of them shows B anything of A's. */
    private static void nothingOfTheOwnerForSomeoneElse(JsonPath seen, List<String> ofA) throws Exception {
        assertThat(structured(seen, "b.search").getList("results", Object.class))
                .isEmpty();
        assertThat(structured(seen, "b.searchAllTime").getList("results.evidence_id", String.class))
                .doesNotContainAnyElementsOf(ofA);
        assertThat(seen.getBoolean("b.getEvidence.isError")).isTrue();
        assertThat(seen.getString("b.getEvidence.text")).contains("No evidence with id " + ofA.get(0));
        assertThat(structured(seen, "b.insights").getList("insights", Object.class))
                .isEmpty();
        assertThat(structured(seen, "b.achievements").getList("insights", Object.class))
                .isEmpty();
        JsonPath summary = structured(seen, "b.summary");
        assertThat(summary.getLong("total")).isZero();
        assertThat(summary.getList("by_source", Object.class)).isEmpty();
        assertThat(summary.getList("top_achievements", Object.class)).isEmpty();
        assertThat(seen.getInt("b.resource.errorCode")).isEqualTo(-32002);
        assertThat(seen.getBoolean("b.draft.isError")).isTrue();
        assertThat(seen.getString("b.draft.text")).contains("Period");
        assertThat(seen.getBoolean("b.noteRead.isError")).isTrue();
        assertThat(seen.getInt("b.noteResource.errorCode")).isEqualTo(-32002);
        // Nothing of A's anywhere in B's answers: no title, no text, no id (other than in "No evidence with id").
        String answersOfB = new ObjectMapper().writeValueAsString(seen.getMap("b"));
        assertThat(answersOfB).doesNotContain("p99 latency", "payments incident", "shared runners", MERGE_REQUEST);
        for (String id : ofA) {
            assertThat(answersOfB.replace("No evidence with id " + id, "")).doesNotContain(id);
        }
    }

    /** No token or a forged one: the SDK cannot connect, and the 401 tells where to get a token. */
    private static void refusedWithoutAValidToken(JsonPath seen, String issuer) throws Exception {
        assertThat(seen.getBoolean("withoutToken.connected")).isFalse();
        assertThat(seen.getInt("withoutToken.code")).isEqualTo(401);
        assertThat(seen.getBoolean("withForgedToken.connected")).isFalse();
        assertThat(seen.getInt("withForgedToken.code")).isEqualTo(401);

        String mcp = stack.uri(Service.EVIDENCE) + "/mcp";
        for (String authorization : new String[] {null, "Bearer " + forged(issuer)}) {
            var request = given().contentType(ContentType.JSON)
                    .accept("application/json, text/event-stream")
                    .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list"));
            if (authorization != null) {
                request = request.header("Authorization", authorization);
            }
            Response response = request.post(mcp);
            assertThat(response.statusCode()).isEqualTo(401);
            String challenge = response.header("WWW-Authenticate");
            assertThat(challenge)
                    .startsWith("Bearer")
                    .contains("resource_metadata=\"" + stack.uri(Service.EVIDENCE)
                            + "/.well-known/oauth-protected-resource\"");
        }
        JsonPath metadata = given().get(stack.uri(Service.EVIDENCE) + "/.well-known/oauth-protected-resource")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(metadata.getList("authorization_servers", String.class)).containsExactly(issuer);
        assertThat(metadata.getString("resource"))
                .isEqualTo(stack.uri(Service.EVIDENCE).toString());
    }

    /** Every call was counted by tool and outcome, and no label carries an id or a client's text. */
    private static void countedWithBoundedLabels(List<String> ofA) {
        String metrics = given().get(stack.management(Service.EVIDENCE) + "/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        List<String> lines = metrics.lines()
                .filter(l -> l.startsWith("pulse_mcp_calls_total{"))
                .toList();
        assertThat(lines)
                .anyMatch(l -> l.contains("outcome=\"ok\"") && l.contains("tool=\"search_evidence\""))
                .anyMatch(l -> l.contains("outcome=\"invalid\"") && l.contains("tool=\"search_evidence\""))
                .anyMatch(l -> l.contains("outcome=\"not_found\"") && l.contains("tool=\"get_evidence\""))
                .anyMatch(l -> l.contains("outcome=\"ok\"") && l.contains("tool=\"add_note\""))
                .anyMatch(l -> l.contains("outcome=\"not_found\"") && l.contains("tool=\"resource:evidence\""));
        List<String> tools = new ArrayList<>();
        lines.forEach(l -> tools.add(l.replaceAll(".*tool=\"([^\"]*)\".*", "$1")));
        assertThat(tools)
                .isSubsetOf(
                        "search_evidence",
                        "get_evidence",
                        "list_insights",
                        "summarize_period",
                        "add_note",
                        "draft_review",
                        "resource:evidence",
                        "prompt:self_review");
        assertThat(lines).noneMatch(l -> UUID_TEXT.matcher(l).find());
        assertThat(metrics).doesNotContain(ofA.get(0));
    }

    /**
     * The structured result of a call. The SDK checked it against the tool's output schema; this also checks that the
     * schema names every field the result has (a schema in another naming would pass the SDK's check).
     */
    private static JsonPath structured(JsonPath seen, String call) {
        assertThat(seen.getBoolean(call + ".isError"))
                .as(call + ": " + seen.getString(call + ".text"))
                .isFalse();
        Map<String, Object> result = seen.getMap(call + ".structured");
        assertThat(result).as(call).isNotNull();
        String tool = seen.getString(call + ".tool");
        assertThat(seen.getMap("tools.find { it.name == '" + tool + "' }.outputSchema.properties"))
                .as("output schema of " + tool)
                .containsKeys(result.keySet().toArray(String[]::new));
        return new JsonPath(seen.prettify()).setRootPath(call + ".structured");
    }

    private static String note(
            String token, String title, String content, String category, String sourceUrl, String occurredAt) {
        Map<String, Object> body = new java.util.HashMap<>(
                Map.of("title", title, "content", content, "category", category, "occurred_at", occurredAt));
        if (sourceUrl != null) {
            body.put("source_url", sourceUrl);
        }
        return given().baseUri(stack.uri(Service.EVIDENCE).toString())
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/evidence")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Enrichment has summarised every item (search then finds them). */
    private static void awaitEnriched(KeycloakUsers users, KeycloakUsers.User user, List<String> ids) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    String token = token(users, user);
                    for (String id : ids) {
                        String summary = given().baseUri(
                                        stack.uri(Service.EVIDENCE).toString())
                                .auth()
                                .oauth2(token)
                                .get("/api/v1/evidence/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("summary");
                        assertThat(summary).as("summary of " + id).isNotBlank();
                    }
                });
    }

    /** Q3's insights, asked for as the web app asks, include an achievement citing the latency item. */
    private static void awaitAchievements(KeycloakUsers users, KeycloakUsers.User user, String latency) {
        given().baseUri(stack.uri(Service.INSIGHT).toString())
                .auth()
                .oauth2(token(users, user))
                .contentType(ContentType.JSON)
                .body(Map.of("period_start", Q3_START, "period_end", Q3_END))
                .post("/api/v1/insights/generate")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(
                                given().baseUri(stack.uri(Service.INSIGHT).toString())
                                        .auth()
                                        .oauth2(token(users, user))
                                        .queryParam("type", "achievement")
                                        .queryParam("from", Q3_START)
                                        .queryParam("to", Q3_END)
                                        .get("/api/v1/insights")
                                        .then()
                                        .statusCode(200)
                                        .extract()
                                        .jsonPath()
                                        .getList("items.evidence_ids.flatten()", String.class))
                        .contains(latency));
    }

    private static String token(KeycloakUsers users, KeycloakUsers.User user) {
        return given().formParam("grant_type", "password")
                .formParam("client_id", "pulse-cli")
                .formParam("username", user.username())
                .formParam("password", user.password())
                .post(users.tokenUrl())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /** A well-formed token naming the realm as its issuer, signed by a key the realm never had. */
    private static String forged(String issuer) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey key = generator.generateKeyPair().getPrivate();
        return Jwt.issuer(issuer)
                .subject(UUID.randomUUID().toString())
                .audience("pulse-api")
                .claim("realm_access", Map.of("roles", List.of("individual")))
                .expiresIn(600)
                .jws()
                .keyId("forged")
                .sign(key);
    }
}
