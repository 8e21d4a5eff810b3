package io.pulse.sync.jira;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.pulse.common.evidence.EvidenceWriter;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.testing.Fixtures;
import io.pulse.sync.testing.OwnerEdits;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jira Data Center {@code startAt} paging that shifts while it is read (issue 10, defect 2): Atlassian documents that
 * an issue changed mid-search can move between pages. The issue pushed out of the pages keeps its items, its ids and
 * the owner's edits; an issue Jira positively reports gone loses its items.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@SuppressWarnings("unchecked")
class JiraShiftTest {

    private static final String TOKEN =
            "jira-dc-" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer server;

    @Inject
    Pool pool;

    @Inject
    EvidenceWriter writer;

    @BeforeAll
    static void start() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static ObjectNode issue(String id, String key, String summary) {
        ObjectNode issue = Fixtures.load("jira/issue_dc.json");
        issue.put("id", id).put("key", key);
        ((ObjectNode) issue.get("fields")).put("summary", summary);
        return issue;
    }

    private static void searchPages(List<List<ObjectNode>> pages, int total) {
        int startAt = 0;
        for (List<ObjectNode> page : pages) {
            ObjectNode body = Fixtures.JSON
                    .createObjectNode()
                    .put("startAt", startAt)
                    .put("maxResults", 2)
                    .put("total", total);
            ArrayNode issues = body.putArray("issues");
            page.forEach(issues::add);
            server.stubFor(get(urlPathEqualTo("/rest/api/2/search"))
                    .withQueryParam("startAt", WireMock.equalTo(Integer.toString(startAt)))
                    .willReturn(okJson(body.toString())));
            startAt += page.size();
        }
    }

    private Map<String, Object> sync(String jwt) {
        String id = SyncApi.requestSync(jwt, Map.of("source", "jira", "since", "2024-01-01T00:00:00Z"))
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Map<String, Object> job = SyncApi.awaitEnd(jwt, id);
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");
        return job;
    }

    @Test
    void anIssueChangedMidSearchCostsTheShiftedIssueNothing() {
        String subject = TestTokens.newSubject();
        String jwt = TestTokens.individual(subject);
        server.stubFor(get("/rest/api/2/myself")
                .withHeader("Authorization", WireMock.equalTo("Bearer " + TOKEN))
                .willReturn(okJson(Fixtures.load("jira/myself_dc.json").toString())));
        SyncApi.createConnection(
                        jwt,
                        Map.of(
                                "source",
                                "jira",
                                "auth_type",
                                "jira_dc_bearer",
                                "base_url",
                                "http://127.0.0.1:" + server.port(),
                                "token",
                                TOKEN))
                .then()
                .statusCode(201);
        UUID userId = SyncApi.userId(subject);

        ObjectNode backups = issue("20001", "OPS-21", "Backups skip the audit schema");
        ObjectNode rotation = issue("20002", "OPS-22", "Rotate database credentials");
        ObjectNode alerts = issue("20003", "OPS-23", "Alert on replication lag");
        ObjectNode dashboards = issue("20004", "OPS-24", "Dashboards for the queue depth");
        searchPages(List.of(List.of(backups, rotation), List.of(alerts, dashboards)), 4);
        sync(jwt);
        assertThat(SyncApi.evidence(userId)).hasSize(8);
        UUID alertsId = OwnerEdits.id(userId, "jira:issue:20003");
        OwnerEdits.setCategoryAndTags(pool, writer, userId, "jira:issue:20003", "incident", List.of("on-call"));

        // OPS-24 was deleted. OPS-21 gets a comment while page 2 is read: it moves behind the others, so page 2
        // (startAt=2) holds only OPS-21 again and OPS-23 is never listed.
        ObjectNode backupsCommented = backups.deepCopy();
        ((ObjectNode) backupsCommented.get("fields")).put("updated", "2024-04-03T09:00:00.000+0200");
        searchPages(List.of(List.of(backups, rotation), List.of(backupsCommented)), 3);
        server.stubFor(get(urlPathEqualTo("/rest/api/2/issue/20003")).willReturn(okJson(alerts.toString())));
        server.stubFor(
                get(urlPathEqualTo("/rest/api/2/issue/20004"))
                        .willReturn(
                                notFound()
                                        .withBody(
                                                "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"]}")));
        Map<String, Object> job = sync(jwt);

        Map<String, Map<String, Object>> evidence = SyncApi.evidence(userId);
        assertThat(evidence)
                .containsOnlyKeys(
                        "jira:comments:20001",
                        "jira:comments:20002",
                        "jira:comments:20003",
                        "jira:issue:20001",
                        "jira:issue:20002",
                        "jira:issue:20003");
        assertThat(((Map<?, ?>) job.get("metadata")).get("items_deleted")).isEqualTo(2);
        assertThat(OwnerEdits.id(userId, "jira:issue:20003")).isEqualTo(alertsId);
        Map<String, Object> alertsRow = evidence.get("jira:issue:20003");
        assertThat(alertsRow.get("version")).isEqualTo(2L);
        assertThat(alertsRow.get("category")).isEqualTo("incident");
        assertThat((List<Object>) alertsRow.get("tags")).containsExactly("on-call");
        assertThat(evidence.get("jira:comments:20003").get("version")).isEqualTo(1L);
        server.verify(WireMock.getRequestedFor(urlPathEqualTo("/rest/api/2/issue/20003")));
    }
}
