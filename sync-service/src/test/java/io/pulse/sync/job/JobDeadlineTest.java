package io.pulse.sync.job;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.testing.Fixtures;
import io.pulse.sync.testing.GitLabStubs;
import io.pulse.sync.testing.StallingGitLab;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.pulse.sync.testing.GitLabStubs.ME;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadlines that cover the whole exchange (issue 10, defect 1): a body that stalls after the headers fails the job
 * within the read-idle timeout and frees the worker, the heartbeat shows the missing progress, and a job that keeps
 * going is stopped at its overall budget. Test profile: request-timeout 5 s, read-idle-timeout 3 s, max-duration 20 s,
 * heartbeat every 1 s.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class JobDeadlineTest {

    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");

    @Test
    void aBodyThatStallsAfterItsHeadersFailsTheJobWithinItsDeadlinesAndFreesTheWorker() throws Exception {
        try (StallingGitLab gitlab = new StallingGitLab()) {
            String subject = TestTokens.newSubject();
            String jwt = TestTokens.individual(subject);
            SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);

            Instant start = Instant.now();
            String id = SyncApi.requestSync(jwt, Map.of("source", "gitlab"))
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            // While the body stalls, the heartbeat stays at the last progress instead of ticking every second.
            double longestSilence = 0;
            String status = "pending";
            while (!status.equals("failed") && !status.equals("completed")) {
                assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(45));
                Map<String, Map<String, Object>> row = SyncApi.rows(
                        "select status, extract(epoch from now() - heartbeat_at) as silence from sync_jobs"
                                + " where id = ?",
                        UUID.fromString(id));
                Map<String, Object> job = row.values().iterator().next();
                status = (String) job.get("status");
                if (status.equals("running") && job.get("silence") != null) {
                    longestSilence = Math.max(longestSilence, ((Number) job.get("silence")).doubleValue());
                }
                Thread.sleep(200);
            }
            Duration took = Duration.between(start, Instant.now());
            Map<String, Object> failed = SyncApi.awaitEnd(jwt, id);
            assertThat(failed.get("status")).isEqualTo("failed");
            assertThat((String) failed.get("error_message"))
                    .isEqualTo(
                            "GitLab stopped sending the response to /api/v4/merge_requests for 3 s after 4 attempts");
            assertThat(gitlab.stalledResponses()).isEqualTo(4);
            // 4 attempts x 3 s of silence plus short backoffs; the old client waited on the body for good.
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            assertThat(longestSilence).as("heartbeat lag during a stall").isGreaterThan(2.0);

            // The worker is free and the source is not blocked by a 409: the next run completes.
            gitlab.recover();
            assertThat(SyncApi.syncAndWait(jwt, "gitlab").get("status")).isEqualTo("completed");
        }
    }

    @Test
    void aJobThatKeepsGoingIsStoppedAtItsBudgetWithAClearMessage() {
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            GitLabStubs gitlab = new GitLabStubs(server, TOKEN);
            String subject = TestTokens.newSubject();
            String jwt = TestTokens.individual(subject);
            gitlab.user();
            SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
            // A listing that never ends: every page answers in 400 ms and names the next one.
            ObjectNode mr = Fixtures.mergeRequest(
                    501,
                    1,
                    "Tune the cache",
                    ME,
                    Instant.now().minus(5, ChronoUnit.MINUTES).toString());
            gitlab.commits(501, 1, List.of(Fixtures.commit("abcd0001", "Tune")));
            server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                    .withQueryParam("author_id", WireMock.equalTo(Long.toString(ME)))
                    .withQueryParam("page", WireMock.absent())
                    .willReturn(
                            GitLabStubs.page(List.of(mr)).withFixedDelay(400).withHeader("X-Next-Page", "2")));
            server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                    .withQueryParam("author_id", WireMock.equalTo(Long.toString(ME)))
                    .withQueryParam("page", WireMock.matching("[0-9]+"))
                    .willReturn(GitLabStubs.page(List.of(mr))
                            .withFixedDelay(400)
                            .withHeader("X-Next-Page", "{{math request.query.page '+' 1}}")
                            .withTransformers("response-template")));

            Instant start = Instant.now();
            Map<String, Object> job = SyncApi.syncAndWait(jwt, "gitlab");
            Duration took = Duration.between(start, Instant.now());
            assertThat(job.get("status")).isEqualTo("failed");
            assertThat((String) job.get("error_message"))
                    .isEqualTo("the sync used up its time budget of 20 s; the next run resumes from the last cursor");
            assertThat(took).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(40));
            assertThat(SyncApi.evidence(SyncApi.userId(subject))).containsOnlyKeys("gitlab:mr:501:1");
        } finally {
            server.stop();
        }
    }
}
