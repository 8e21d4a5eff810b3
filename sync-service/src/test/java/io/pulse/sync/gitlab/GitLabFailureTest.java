package io.pulse.sync.gitlab;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.metrics.SyncMetrics;
import io.pulse.sync.testing.Fixtures;
import io.pulse.sync.testing.GitLabStubs;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.pulse.sync.testing.GitLabStubs.ME;
import static org.assertj.core.api.Assertions.assertThat;

/** Rate limits, server errors and revoked tokens during GitLab syncs. */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class GitLabFailureTest {

    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer server;
    private static GitLabStubs gitlab;

    @Inject
    MeterRegistry registry;

    private String jwt;
    private UUID userId;

    @BeforeAll
    static void start() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        gitlab = new GitLabStubs(server, TOKEN);
    }

    @AfterAll
    static void stopAndCheckLogs() throws Exception {
        server.stop();
        String log = Files.readString(Path.of("target/sync-service-test.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("failed: GitLab rejected the token (401)");
        assertThat(log).doesNotContain(TOKEN);
    }

    @BeforeEach
    void fresh() {
        server.resetAll();
        String subject = TestTokens.newSubject();
        jwt = TestTokens.individual(subject);
        gitlab.user();
        SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
        userId = SyncApi.userId(subject);
        gitlab.reviewed(List.of(List.of()));
    }

    private static String ago(long minutes) {
        return Instant.now()
                .minus(minutes, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.MILLIS)
                .toString();
    }

    private static ObjectNode mr(long iid) {
        ObjectNode mr = Fixtures.mergeRequest(201, iid, "Improve cache eviction part " + iid, ME, ago(100 - iid));
        gitlab.commits(201, iid, List.of(Fixtures.commit("abcd00" + iid, "Eviction step " + iid)));
        return mr;
    }

    private void authoredWithScenario(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... failures) {
        String state = Scenario.STARTED;
        for (int i = 0; i < failures.length; i++) {
            String next = "attempt-" + (i + 1);
            server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                    .withQueryParam("author_id", WireMock.equalTo(Long.toString(ME)))
                    .inScenario("limits")
                    .whenScenarioStateIs(state)
                    .willReturn(failures[i])
                    .willSetStateTo(next));
            state = next;
        }
        server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                .withQueryParam("author_id", WireMock.equalTo(Long.toString(ME)))
                .inScenario("limits")
                .whenScenarioStateIs(state)
                .willReturn(GitLabStubs.page(List.of(mr(1))).withHeader("X-Next-Page", "")));
    }

    private List<LoggedRequest> authoredRequests() {
        return server.findAll(getRequestedFor(urlPathEqualTo("/api/v4/merge_requests"))
                .withQueryParam("author_id", WireMock.equalTo(Long.toString(ME))));
    }

    @Test
    void a429WithRetryAfterIsWaitedOutThenTheSyncCompletes() {
        authoredWithScenario(aResponse()
                .withStatus(429)
                .withHeader("Retry-After", "1")
                .withHeader("RateLimit-Name", "throttle_authenticated_api")
                .withHeader("RateLimit-Remaining", "0")
                .withBody("Retry later"));
        Map<String, Object> job = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");
        assertThat(job.get("items_created")).isEqualTo(1);
        List<LoggedRequest> requests = authoredRequests();
        assertThat(requests).hasSize(2);
        long waited = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(waited).as("waited for Retry-After").isGreaterThanOrEqualTo(950);
        assertThat(SyncApi.evidence(userId)).containsOnlyKeys("gitlab:mr:201:1");
    }

    @Test
    void a429WithoutHeadersBacksOffAndRetries() {
        authoredWithScenario(
                aResponse()
                        .withStatus(429)
                        .withBody(
                                "{\"message\":{\"error\":\"This endpoint has been requested too many times. Try again later.\"}}"),
                aResponse().withStatus(429).withBody("Retry later"));
        Map<String, Object> job = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");
        assertThat(authoredRequests()).hasSize(3);
        assertThat(SyncApi.evidence(userId)).containsOnlyKeys("gitlab:mr:201:1");
    }

    @Test
    void a429ThatNeverClearsFailsTheJobAfterTheRetryCap() {
        server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                .withQueryParam("author_id", WireMock.equalTo(Long.toString(ME)))
                .willReturn(aResponse().withStatus(429).withBody("Retry later")));
        Map<String, Object> job = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(job.get("status")).isEqualTo("failed");
        assertThat((String) job.get("error_message")).contains("429").contains("4 attempts");
        assertThat(authoredRequests()).hasSize(4);
    }

    @Test
    void a500MidSyncFailsWithoutHalfAPageAndTheNextRunResumesFromTheCursor() {
        // Run 1: one page, succeeds and sets the cursor.
        ObjectNode one = mr(1);
        ObjectNode two = mr(2);
        gitlab.authored(List.of(List.of(one, two)));
        Map<String, Object> first = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(first.get("status")).isEqualTo("completed");
        Instant cursor = Instant.parse((String) ((Map<?, ?>) first.get("metadata")).get("cursor"));

        // Run 2: a second page whose second MR's commits keep failing with 500.
        ObjectNode three = mr(3);
        ObjectNode four = Fixtures.mergeRequest(201, 4, "Improve cache eviction part 4", ME, ago(90));
        server.stubFor(get(urlPathEqualTo("/api/v4/projects/201/merge_requests/4/commits"))
                .willReturn(serverError().withBody("{\"message\":\"500 Internal Server Error\"}")));
        gitlab.authored(List.of(List.of(one, two), List.of(three, four)));
        Map<String, Object> failed = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(failed.get("status")).isEqualTo("failed");
        assertThat((String) failed.get("error_message"))
                .contains("500")
                .contains("/api/v4/projects/201/merge_requests/4/commits");
        assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/api/v4/projects/201/merge_requests/4/commits"))))
                .hasSize(4);
        // Page 2 was not written at all: MR 3 (fetched fine) is absent too.
        assertThat(SyncApi.evidence(userId)).containsOnlyKeys("gitlab:mr:201:1", "gitlab:mr:201:2");
        assertThat(((Map<?, ?>) failed.get("metadata")).get("window_start"))
                .isEqualTo(cursor.minus(10, ChronoUnit.MINUTES).toString());

        // Run 3: the source recovered; the run starts again from the last successful cursor, without duplicates.
        gitlab.commits(201, 4, List.of(Fixtures.commit("abcd004", "Eviction step 4")));
        Map<String, Object> third = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(third.get("status")).isEqualTo("completed");
        assertThat(third.get("items_created")).isEqualTo(2);
        assertThat(((Map<?, ?>) third.get("metadata")).get("window_start"))
                .isEqualTo(cursor.minus(10, ChronoUnit.MINUTES).toString());
        Map<String, Map<String, Object>> evidence = SyncApi.evidence(userId);
        assertThat(evidence)
                .containsOnlyKeys("gitlab:mr:201:1", "gitlab:mr:201:2", "gitlab:mr:201:3", "gitlab:mr:201:4");
        assertThat(evidence.values())
                .allSatisfy(row -> assertThat(row.get("version")).isEqualTo(1L));
        assertThat(SyncApi.eventCounts(userId)).containsEntry("evidence.created", 4);
    }

    @Test
    void whenRateLimitRemainingRunsOutTheClientWaitsForTheResetBeforeTheNextPage() {
        long reset = Instant.now().plusSeconds(5).getEpochSecond();
        server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                .withQueryParam("author_id", WireMock.equalTo(Long.toString(ME)))
                .withQueryParam("page", WireMock.absent())
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.array(List.of(mr(1))))
                        .withHeader("X-Next-Page", "2")
                        .withHeader("RateLimit-Remaining", "1")
                        .withHeader("RateLimit-Reset", Long.toString(reset))));
        server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                .withQueryParam("author_id", WireMock.equalTo(Long.toString(ME)))
                .withQueryParam("page", WireMock.equalTo("2"))
                .willReturn(GitLabStubs.page(List.of(mr(2))).withHeader("X-Next-Page", "")));
        double pausedBefore = pacingMillis();
        Map<String, Object> job = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(job.get("status")).isEqualTo("completed");
        List<LoggedRequest> requests = authoredRequests();
        assertThat(requests).hasSize(2);
        long page2At = requests.get(1).getLoggedDate().getTime();
        // Reset is in whole seconds, so the second request comes at or after the reset second began.
        assertThat(page2At).isGreaterThanOrEqualTo((reset - 1) * 1000 + 900);
        assertThat(pacingMillis()).isGreaterThan(pausedBefore);
    }

    private double pacingMillis() {
        Timer pacing =
                registry.find(SyncMetrics.HTTP_WAITS).tag("reason", "pace").timer();
        return pacing == null ? 0 : pacing.totalTime(TimeUnit.MILLISECONDS);
    }

    @Test
    void aRevokedTokenFailsTheJobAtOnceWithAClearMessageAndWritesNothing() {
        server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"401 Unauthorized\"}")));
        Map<String, Object> job = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(job.get("status")).isEqualTo("failed");
        assertThat((String) job.get("error_message"))
                .isEqualTo("GitLab rejected the token (401): it was revoked or has expired; "
                        + "update the connection with a new token");
        assertThat(authoredRequests()).hasSize(1);
        assertThat(SyncApi.evidence(userId)).isEmpty();
        assertThat(SyncApi.eventCounts(userId)).doesNotContainKey("evidence.created");
    }
}
