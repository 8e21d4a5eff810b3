package io.pulse.sync.jira;

import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.testing.Fixtures;
import io.pulse.sync.testing.SourceServers;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Jira Cloud (v3, nextPageToken, ADF) and Data Center (v2, startAt/total, wiki markup) syncs end to end. */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@SuppressWarnings("unchecked")
class JiraSyncTest {

    private static final String CLOUD_ME = "5b10a2844c20165700ede21g";
    private static final String DC_ME = "JIRAUSER10100";
    private static final String TOKEN = "ATATT3x" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer server;

    private String subject;
    private String jwt;

    @BeforeAll
    static void start() {
        server = SourceServers.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void fresh() {
        server.resetAll();
        subject = TestTokens.newSubject();
        jwt = TestTokens.individual(subject);
    }

    private String base() {
        return SourceServers.baseUrl(server);
    }

    private static ObjectNode issue(String template, String id, String key, String summary) {
        ObjectNode issue = Fixtures.load(template);
        issue.put("id", id);
        issue.put("key", key);
        ((ObjectNode) issue.get("fields")).put("summary", summary);
        return issue;
    }

    private static ObjectNode user(String accountIdOrKey, boolean cloud) {
        ObjectNode user = Fixtures.JSON.createObjectNode();
        if (cloud) {
            user.put("accountId", accountIdOrKey);
        } else {
            user.put("key", accountIdOrKey).put("name", accountIdOrKey.toLowerCase());
        }
        return user.put("displayName", "Someone " + accountIdOrKey).put("active", true);
    }

    private static ObjectNode comment(String id, ObjectNode author, Object body, String created) {
        ObjectNode c = Fixtures.JSON.createObjectNode().put("id", id);
        c.set("author", author);
        if (body instanceof String text) {
            c.put("body", text);
        } else {
            c.set("body", (ObjectNode) body);
        }
        return c.put("created", created).put("updated", created);
    }

    private static ObjectNode adf(String text) {
        ObjectNode doc = Fixtures.JSON.createObjectNode().put("type", "doc").put("version", 1);
        doc.putArray("content")
                .addObject()
                .put("type", "paragraph")
                .putArray("content")
                .addObject()
                .put("type", "text")
                .put("text", text);
        return doc;
    }

    private static void setList(ObjectNode issue, String field, String array, List<ObjectNode> items, int total) {
        ObjectNode holder = ((ObjectNode) issue.get("fields")).putObject(field);
        ArrayNode values = holder.putArray(array);
        items.forEach(values::add);
        holder.put("startAt", 0).put("maxResults", items.size()).put("total", total);
    }

    /** A Jira Cloud connection for the test user, verified against the simulated /myself with basic auth. */
    private void connectJiraCloud() {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("mia@example.com:" + TOKEN).getBytes());
        server.stubFor(get("/rest/api/3/myself")
                .withHeader("Authorization", WireMock.equalTo(basic))
                .willReturn(okJson(Fixtures.load("jira/myself_cloud.json").toString())));
        SyncApi.createConnection(
                        jwt,
                        Map.of(
                                "source",
                                "jira",
                                "auth_type",
                                "jira_cloud_basic",
                                "base_url",
                                base(),
                                "email",
                                "mia@example.com",
                                "token",
                                TOKEN))
                .then()
                .statusCode(201);
    }

    @Test
    void cloudSyncPagesByNextPageTokenRendersAdfAndKeepsOnlyTheUsersWork() {
        connectJiraCloud();
        UUID userId = SyncApi.userId(subject);

        ObjectNode ed1 = Fixtures.load("jira/issue_cloud.json");
        // Assigned to someone else and unresolved, but the user logged work on it.
        ObjectNode ed2 = issue("jira/issue_cloud.json", "10003", "ED-2", "Load test the checkout service");
        ObjectNode f2 = (ObjectNode) ed2.get("fields");
        f2.set("assignee", user("5b10a2844c20165700ede21f", true));
        f2.putNull("resolution").putNull("resolutiondate");
        setList(ed2, "comment", "comments", List.of(), 0);
        ObjectNode log1 = (ObjectNode)
                ed1.get("fields").get("worklog").get("worklogs").get(0).deepCopy();
        log1.put("id", "200001")
                .put("timeSpent", "1h")
                .put("timeSpentSeconds", 3600)
                .put("started", "2024-03-04T09:00:00.000+1100");
        ObjectNode log2 = log1.deepCopy()
                .put("id", "200002")
                .put("timeSpent", "30m")
                .put("timeSpentSeconds", 1800)
                .put("started", "2024-03-05T09:00:00.000+1100");
        ObjectNode othersLog = log1.deepCopy().put("id", "200003");
        othersLog.set("author", user("5b10a2844c20165700ede21f", true));
        setList(ed2, "worklog", "worklogs", List.of(log1, log2, othersLog), 3);
        // A resolved story whose comments the search result truncated (1 of 3 embedded).
        ObjectNode ed3 = issue("jira/issue_cloud.json", "10004", "ED-3", "Saved carts across devices");
        ObjectNode f3 = (ObjectNode) ed3.get("fields");
        ((ObjectNode) f3.get("issuetype")).put("name", "Story");
        f3.putArray("labels");
        f3.set("description", adf("Users can resume a cart on another device."));
        ObjectNode mine1 =
                comment("30001", user(CLOUD_ME, true), adf("Design doc linked."), "2024-03-10T10:00:00.000+1100");
        ObjectNode theirs = comment(
                "30002", user("5b10a2844c20165700ede21f", true), adf("Looks good."), "2024-03-10T11:00:00.000+1100");
        ObjectNode mine2 =
                comment("30003", user(CLOUD_ME, true), adf("Shipped behind a flag."), "2024-03-12T10:00:00.000+1100");
        setList(ed3, "comment", "comments", List.of(mine1), 3);
        setList(ed3, "worklog", "worklogs", List.of(), 0);
        server.stubFor(get(urlPathEqualTo("/rest/api/3/issue/10004/comment"))
                .willReturn(okJson("{\"startAt\":0,\"maxResults\":100,\"total\":3,\"comments\":"
                        + Fixtures.array(List.of(mine1, theirs, mine2)) + "}")));

        ObjectNode page1 = Fixtures.JSON.createObjectNode().put("isLast", false).put("nextPageToken", "tok-2");
        page1.putArray("issues").add(ed1).add(ed2);
        ObjectNode page2 = Fixtures.JSON.createObjectNode().put("nextPageToken", "");
        page2.putArray("issues").add(ed3);
        server.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql"))
                .withQueryParam("nextPageToken", absent())
                .willReturn(okJson(page1.toString())));
        server.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql"))
                .withQueryParam("nextPageToken", WireMock.equalTo("tok-2"))
                .willReturn(okJson(page2.toString())));

        Map<String, Object> job = SyncApi.syncAndWait(jwt, "jira");
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");
        assertThat(job.get("items_created")).isEqualTo(6);

        Map<String, Map<String, Object>> evidence = SyncApi.evidence(userId);
        assertThat(evidence.keySet())
                .containsExactly(
                        "jira:comments:10002",
                        "jira:comments:10004",
                        "jira:issue:10002",
                        "jira:issue:10004",
                        "jira:worklog:10002",
                        "jira:worklog:10003");
        Map<String, Object> ed1Row = evidence.get("jira:issue:10002");
        assertThat(ed1Row.get("title")).isEqualTo("ED-1: Checkout fails for carts over 100 items");
        assertThat(ed1Row.get("source_url")).isEqualTo(base() + "/browse/ED-1");
        assertThat(ed1Row.get("category")).isEqualTo("bugfix");
        assertThat((String) ed1Row.get("content"))
                .contains("Carts with more than 100 items time out at checkout.")
                .contains("- paginate the price lookup\n- cache tax rules")
                .contains("Status: Done")
                .contains("Priority: High")
                .contains("Resolution: Done")
                .contains("Components: Checkout")
                .doesNotContain("\"type\"");
        assertThat((List<Object>) ed1Row.get("tags")).contains("performance", "Checkout", "ED", "bug");
        assertThat(((java.sql.Timestamp) ed1Row.get("occurred_at")).toInstant())
                .isEqualTo(OffsetDateTime.parse("2024-03-01T10:15:30+11:00").toInstant());
        assertThat((String) evidence.get("jira:comments:10002").get("content"))
                .contains("Root cause: N+1 price lookups.")
                .doesNotContain("verified on staging");
        assertThat(evidence.get("jira:worklog:10003").get("title"))
                .isEqualTo("Logged 1h 30m on ED-2: Load test the checkout service");
        assertThat((String) evidence.get("jira:comments:10004").get("content"))
                .contains("Design doc linked.")
                .contains("Shipped behind a flag.")
                .doesNotContain("Looks good.");
        assertThat(evidence.get("jira:issue:10004").get("category")).isEqualTo("feature");

        String jql = server.findAll(getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql")))
                .get(0)
                .queryParameter("jql")
                .firstValue();
        assertThat(jql)
                .startsWith("((assignee = currentUser() AND resolution IS NOT EMPTY) OR worklogAuthor = currentUser())")
                .matches("(?s).* AND updated >= \"\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}\" ORDER BY created ASC, key ASC");

        Map<String, Object> again = SyncApi.syncAndWait(jwt, "jira");
        assertThat(again.get("status")).isEqualTo("completed");
        assertThat(again.get("items_created")).isEqualTo(0);
        assertThat(SyncApi.evidence(userId)).hasSize(6);
    }

    @Test
    void cloudHonoursRetryAfterAndDataCenterFailsCleanlyOnARevokedToken() {
        connectJiraCloud();
        ObjectNode page = Fixtures.JSON.createObjectNode().put("isLast", true);
        page.putArray("issues").add(Fixtures.load("jira/issue_cloud.json"));
        server.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql"))
                .inScenario("burst")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(WireMock.aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withHeader("RateLimit-Reason", "jira-burst-based"))
                .willSetStateTo("ok"));
        server.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql"))
                .inScenario("burst")
                .whenScenarioStateIs("ok")
                .willReturn(okJson(page.toString())));
        Map<String, Object> cloud = SyncApi.syncAndWait(jwt, "jira");
        assertThat(cloud.get("status")).as(String.valueOf(cloud)).isEqualTo("completed");
        assertThat(cloud.get("items_created")).isEqualTo(3);
        assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql"))))
                .hasSize(2);

        String dcSubject = TestTokens.newSubject();
        String dcJwt = TestTokens.individual(dcSubject);
        server.stubFor(get("/rest/api/2/myself")
                .withHeader("Authorization", WireMock.equalTo("Bearer " + TOKEN))
                .inScenario("revoke")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(okJson(Fixtures.load("jira/myself_dc.json").toString()))
                .willSetStateTo("revoked"));
        server.stubFor(get("/rest/api/2/myself")
                .inScenario("revoke")
                .whenScenarioStateIs("revoked")
                .willReturn(WireMock.unauthorized()));
        SyncApi.createConnection(
                        dcJwt,
                        Map.of("source", "jira", "auth_type", "jira_dc_bearer", "base_url", base(), "token", TOKEN))
                .then()
                .statusCode(201);
        Map<String, Object> dc = SyncApi.syncAndWait(dcJwt, "jira");
        assertThat(dc.get("status")).isEqualTo("failed");
        assertThat((String) dc.get("error_message")).startsWith("Jira rejected the token (401)");
        assertThat(SyncApi.evidence(SyncApi.userId(dcSubject))).isEmpty();
        server.verify(0, getRequestedFor(urlPathEqualTo("/rest/api/2/search")));
    }

    /** Atlassian's own /search/jql example from the shared fixtures, when present. */
    @Test
    void atlassianSearchExampleYieldsTheUsersCommentsAndWorklogs() throws Exception {
        java.nio.file.Path example = java.nio.file.Path.of(
                "../../shared/fixtures/payloads/jira/atlassian-spec-examples/search_jql_GET_200.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.exists(example), "shared fixtures not present");
        connectJiraCloud();
        server.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql"))
                .willReturn(okJson(java.nio.file.Files.readString(example))));
        String id = SyncApi.requestSync(jwt, Map.of("source", "jira", "since", "2020-01-01T00:00:00Z"))
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Map<String, Object> job = SyncApi.awaitEnd(jwt, id);
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");
        Map<String, Map<String, Object>> evidence = SyncApi.evidence(SyncApi.userId(subject));
        // Mia wrote the comment and the worklog; the example issue has no assignee or resolution.
        assertThat(evidence.keySet()).containsExactly("jira:comments:10002", "jira:worklog:10002");
        assertThat((String) evidence.get("jira:comments:10002").get("content")).contains("Lorem ipsum dolor sit amet");
        assertThat((String) evidence.get("jira:worklog:10002").get("content")).contains("I did some work here.");
    }

    @Test
    void dataCenterSyncPagesByStartAtWithBearerTokenAndWikiText() {
        server.stubFor(get("/rest/api/2/myself")
                .withHeader("Authorization", WireMock.equalTo("Bearer " + TOKEN))
                .willReturn(okJson(Fixtures.load("jira/myself_dc.json").toString())));
        SyncApi.createConnection(
                        jwt,
                        Map.of("source", "jira", "auth_type", "jira_dc_bearer", "base_url", base(), "token", TOKEN))
                .then()
                .statusCode(201);
        UUID userId = SyncApi.userId(subject);

        ObjectNode ops7 = Fixtures.load("jira/issue_dc.json");
        ObjectNode ops8 = issue("jira/issue_dc.json", "10501", "OPS-8", "Rotate database credentials");
        ((ObjectNode) ops8.get("fields").get("issuetype")).put("name", "Task");
        ((ObjectNode) ops8.get("fields")).putArray("labels");
        setList(ops8, "comment", "comments", List.of(), 0);
        ObjectNode worklog = Fixtures.JSON
                .createObjectNode()
                .put("id", "40001")
                .put("comment", "Rotated and verified")
                .put("started", "2024-04-03T09:00:00.000+0200")
                .put("timeSpent", "2h")
                .put("timeSpentSeconds", 7200);
        worklog.set("author", user(DC_ME, false));
        setList(ops8, "worklog", "worklogs", List.of(worklog), 1);
        ObjectNode ops9 = issue("jira/issue_dc.json", "10502", "OPS-9", "Alert on replication lag");
        ((ObjectNode) ops9.get("fields")).set("assignee", user("JIRAUSER10200", false));
        setList(
                ops9,
                "comment",
                "comments",
                List.of(comment(
                        "50001",
                        user(DC_ME, false),
                        "Threshold set to 30s, see {{lag.rules}}.",
                        "2024-04-05T10:00:00.000+0200")),
                1);

        ObjectNode page1 = Fixtures.JSON
                .createObjectNode()
                .put("startAt", 0)
                .put("maxResults", 2)
                .put("total", 3);
        page1.putArray("issues").add(ops7).add(ops8);
        ObjectNode page2 = Fixtures.JSON
                .createObjectNode()
                .put("startAt", 2)
                .put("maxResults", 2)
                .put("total", 3);
        page2.putArray("issues").add(ops9);
        server.stubFor(get(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam("startAt", WireMock.equalTo("0"))
                .willReturn(okJson(page1.toString())));
        server.stubFor(get(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam("startAt", WireMock.equalTo("2"))
                .willReturn(okJson(page2.toString())));

        Map<String, Object> job = SyncApi.syncAndWait(jwt, "jira");
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");
        Map<String, Map<String, Object>> evidence = SyncApi.evidence(userId);
        assertThat(evidence.keySet())
                .containsExactly(
                        "jira:comments:10500",
                        "jira:comments:10502",
                        "jira:issue:10500",
                        "jira:issue:10501",
                        "jira:worklog:10501");
        assertThat((String) evidence.get("jira:issue:10500").get("content"))
                .contains("h2. Problem\nThe backup job skips the *audit* schema.")
                .contains("Resolution: Fixed");
        assertThat(evidence.get("jira:issue:10500").get("source_url")).isEqualTo(base() + "/browse/OPS-7");
        assertThat(evidence.get("jira:worklog:10501").get("title"))
                .isEqualTo("Logged 2h on OPS-8: Rotate database credentials");
        assertThat((String) evidence.get("jira:comments:10502").get("content")).contains("Threshold set to 30s");
        assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/rest/api/2/search"))))
                .hasSize(2);
        server.verify(0, getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql")));
    }
}
