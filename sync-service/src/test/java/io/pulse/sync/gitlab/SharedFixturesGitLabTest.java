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
 * place when present) as the user's authored MRs, over two pages.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class SharedFixturesGitLabTest {

    private static final Path PAYLOADS = Path.of("../../shared/fixtures/payloads/gitlab/devlake");
    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer server;

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
        gitlab.issues(List.of(List.of()));

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
        assertThat(job.get("itemsCreated")).isEqualTo(merged.size());

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
}
