package io.pulse.sync.gitlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.testing.Fixtures;
import io.pulse.sync.testing.GitLabStubs;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Serves the real gitlab.com merge requests and commits recorded by Apache DevLake (../shared/fixtures, read in
 * place when present) as the user's authored MRs, over two pages; and gitlab4j's events fixtures as the user's
 * events feeds.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class SharedFixturesGitLabTest {

    private static final Path PAYLOADS = Path.of("../../shared/fixtures/payloads/gitlab/devlake");
    private static final Path GITLAB4J = Path.of("../../shared/fixtures/payloads/gitlab/gitlab4j");
    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @BeforeEach
    void fresh() {
        server.resetAll();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static List<JsonNode> records(String file) throws IOException {
        List<JsonNode> items = new ArrayList<>();
        Fixtures.JSON.readTree(PAYLOADS.resolve(file).toFile()).forEach(items::add);
        return items;
    }

    @Test
    void recordedMergeRequestsBecomeExactlyTheExpectedEvidence() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(PAYLOADS), "shared fixtures not present");
        List<ObjectNode> merged = new ArrayList<>();
        for (JsonNode record : records("project_merge_requests.records.json")) {
            if ("merged".equals(record.path("data").path("state").asText())) {
                merged.add((ObjectNode) record.get("data"));
            }
        }
        Map<String, List<ObjectNode>> commitsByPath = new LinkedHashMap<>();
        for (JsonNode record : records("merge_request_commits.records.json")) {
            String path = record.get("url")
                    .asText()
                    .replaceFirst("^https://gitlab.com", "")
                    .replaceFirst("\\?.*$", "");
            commitsByPath.computeIfAbsent(path, p -> new ArrayList<>()).add((ObjectNode) record.get("data"));
        }
        GitLabStubs gitlab = new GitLabStubs(server, TOKEN);
        gitlab.user();
        server.stubFor(get(urlPathMatching("/api/v4/projects/.*/commits"))
                .atPriority(10)
                .willReturn(GitLabStubs.page(List.of()).withHeader("X-Next-Page", "")));
        commitsByPath.forEach((path, commits) ->
                server.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(path))
                        .atPriority(1)
                        .willReturn(GitLabStubs.page(commits).withHeader("X-Next-Page", ""))));
        int half = merged.size() / 2;
        gitlab.authored(List.of(merged.subList(0, half), merged.subList(half, merged.size())));
        gitlab.reviewed(List.of(List.of()));

        String subject = TestTokens.newSubject();
        String jwt = TestTokens.individual(subject);
        SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
        // The recordings are from 2019-2021: ask for the whole range.
        String id = SyncApi.requestSync(jwt, Map.of("source", "gitlab", "since", "2019-01-01T00:00:00Z"))
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Map<String, Object> job = SyncApi.awaitEnd(jwt, id);
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");
        assertThat(job.get("items_created")).isEqualTo(merged.size());

        Map<String, Map<String, Object>> evidence = SyncApi.evidence(SyncApi.userId(subject));
        assertThat(evidence.keySet())
                .containsExactlyInAnyOrderElementsOf(merged.stream()
                        .map(mr -> "gitlab:mr:" + mr.get("project_id").asText() + ":"
                                + mr.get("iid").asText())
                        .toList());
        for (ObjectNode mr : merged) {
            Map<String, Object> row = evidence.get("gitlab:mr:"
                    + mr.get("project_id").asText() + ":" + mr.get("iid").asText());
            assertThat(row.get("title")).isEqualTo(mr.get("title").asText());
            assertThat(row.get("source_url")).isEqualTo(mr.get("web_url").asText());
        }
        String first = (String) evidence.get("gitlab:mr:12345678:1").get("content");
        assertThat(first).contains("Commits (5):").contains("add more info to readme");
    }

    @Test
    void gitlab4jEventsFeedsYieldOnlyTheIssueClosedByTheUser() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(GITLAB4J), "shared fixtures not present");
        // events.json: a closed Issue event (project 15, #160), a push without created_at, a closed event without
        // target_iid and a comment; project-events.json: a comment, a branch deletion and a branch creation.
        List<ObjectNode> events = new ArrayList<>();
        Fixtures.JSON.readTree(GITLAB4J.resolve("events.json").toFile()).forEach(e -> events.add((ObjectNode) e));
        List<ObjectNode> projectEvents = new ArrayList<>();
        Fixtures.JSON
                .readTree(GITLAB4J.resolve("project-events.json").toFile())
                .forEach(e -> projectEvents.add((ObjectNode) e));
        ObjectNode issue = (ObjectNode)
                Fixtures.JSON.readTree(GITLAB4J.resolve("issue.json").toFile());
        issue.put("project_id", 15).put("iid", 160);
        ((ObjectNode) issue.get("closed_by")).put("id", GitLabStubs.ME);

        GitLabStubs gitlab = new GitLabStubs(server, TOKEN);
        gitlab.user();
        gitlab.authored(List.of(List.of()));
        gitlab.reviewed(List.of(List.of()));
        // Each feed gets every event: whatever does not fit the feed's kind must be ignored.
        for (String action : List.of("approved", "closed", "pushed")) {
            gitlab.events(action, List.of(events, projectEvents));
        }
        gitlab.issue(issue);

        String subject = TestTokens.newSubject();
        String jwt = TestTokens.individual(subject);
        SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
        String id = SyncApi.requestSync(jwt, Map.of("source", "gitlab", "since", "2016-01-01T00:00:00Z"))
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Map<String, Object> job = SyncApi.awaitEnd(jwt, id);
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");

        Map<String, Map<String, Object>> evidence = SyncApi.evidence(SyncApi.userId(subject));
        assertThat(evidence).containsOnlyKeys("gitlab:issue:15:160");
        Map<String, Object> row = evidence.get("gitlab:issue:15:160");
        assertThat(row.get("title")).isEqualTo(issue.get("title").asText());
        assertThat(row.get("source_url")).isEqualTo(issue.get("web_url").asText());
        assertThat(((java.sql.Timestamp) row.get("occurred_at")).toInstant().toString())
                .isEqualTo("2016-01-05T15:31:46.176Z");
    }
}
