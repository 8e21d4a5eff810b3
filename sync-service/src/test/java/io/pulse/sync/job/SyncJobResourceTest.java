package io.pulse.sync.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.job.service.SyncScheduler;
import io.pulse.sync.testing.GitLabStubs;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/** The sync job API, the one-active-job rule, and the scheduler's recovery duties. */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class SyncJobResourceTest {

    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer server;
    private static GitLabStubs gitlab;

    @Inject
    SyncScheduler scheduler;

    private String subject;
    private String jwt;

    @BeforeAll
    static void start() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        gitlab = new GitLabStubs(server, TOKEN);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void fresh() {
        server.resetAll();
        gitlab.user();
        gitlab.authored(List.of(List.of()));
        gitlab.reviewed(List.of(List.of()));
        subject = TestTokens.newSubject();
        jwt = TestTokens.individual(subject);
    }

    @Test
    void aSecondRequestWhileOneIsActiveIs409NamingTheActiveJob() {
        SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
        // A slow GitLab keeps the first job running for a while.
        server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                .willReturn(GitLabStubs.page(List.of())
                        .withHeader("X-Next-Page", "")
                        .withFixedDelay(2500)));
        String first = SyncApi.requestSync(jwt, Map.of("source", "gitlab"))
                .then()
                .statusCode(202)
                .body("status", equalTo("pending"))
                .header("Location", containsString("/api/v1/sync-jobs/"))
                .extract()
                .path("id");
        SyncApi.requestSync(jwt, Map.of("source", "gitlab"))
                .then()
                .statusCode(409)
                .contentType(containsString("application/problem+json"))
                .body("type", equalTo("urn:pulse:problem:sync-job-active"))
                .body("detail", containsString(first));
        assertThat(SyncApi.awaitEnd(jwt, first).get("status")).isEqualTo("completed");
        SyncApi.requestSync(jwt, Map.of("source", "gitlab")).then().statusCode(202);
    }

    @Test
    void invalidRequestsAreRefusedClearly() {
        SyncApi.requestSync(jwt, Map.of("source", "gitlab"))
                .then()
                .statusCode(422)
                .body("detail", containsString("no gitlab connection"));
        SyncApi.requestSync(jwt, Map.of("source", "svn"))
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("source"));
        SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
        SyncApi.requestSync(jwt, Map.of("source", "gitlab", "since", "2999-01-01T00:00:00Z"))
                .then()
                .statusCode(422)
                .body("errors.field", hasItem("since"));
        SyncApi.requestSync(jwt, Map.of("source", "gitlab", "since", "yesterday"))
                .then()
                .statusCode(422);
        for (String bad : List.of("limit=0", "limit=101", "limit=abc", "cursor=garbage")) {
            given().auth()
                    .oauth2(jwt)
                    .get("/api/v1/sync-jobs?" + bad)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem(bad.substring(0, bad.indexOf('='))));
        }
        given().get("/api/v1/sync-jobs").then().statusCode(401);
    }

    @Test
    void jobsAreVisibleOnlyToTheirOwner() {
        SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
        Map<String, Object> job = SyncApi.syncAndWait(jwt, "gitlab");
        String id = (String) job.get("id");
        given().auth()
                .oauth2(jwt)
                .get("/api/v1/sync-jobs")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("next_cursor", org.hamcrest.Matchers.nullValue())
                .body("items[0].id", equalTo(id))
                .body("items[0].status", equalTo("completed"))
                .body("items[0].items_processed", equalTo(0))
                .body("items[0].last_sync_at", org.hamcrest.Matchers.notNullValue());
        String bob = TestTokens.individual(TestTokens.newSubject());
        given().auth().oauth2(bob).get("/api/v1/sync-jobs/" + id).then().statusCode(404);
        given().auth()
                .oauth2(bob)
                .get("/api/v1/sync-jobs")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
        UUID userId = SyncApi.userId(subject);
        assertThat(SyncApi.eventCounts(userId))
                .containsEntry("sync.requested", 1)
                .containsKey("sync-job.updated");
    }

    @Test
    void aRunningJobWithAStaleHeartbeatIsFailedByTheReaper() {
        SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
        UUID userId = SyncApi.userId(subject);
        UUID jobId = UUID.randomUUID();
        SyncApi.execute(
                "insert into sync_jobs (id, user_id, source, status, started_at, heartbeat_at)"
                        + " values (?, ?, 'gitlab', 'running', now() - interval '2 hours', now() - interval '1 hour')",
                jobId,
                userId);
        List<SyncJob> reaped = scheduler.reapStale().await().atMost(Duration.ofSeconds(10));
        assertThat(reaped).extracting(SyncJob::id).contains(jobId);
        Map<String, Object> job = SyncApi.awaitEnd(jwt, jobId.toString());
        assertThat(job.get("status")).isEqualTo("failed");
        assertThat((String) job.get("error_message")).contains("proved no progress");
        // The user can sync again right away.
        assertThat(SyncApi.syncAndWait(jwt, "gitlab").get("status")).isEqualTo("completed");
    }

    @Test
    void aPendingJobWhoseRequestWasLostIsRequestedAgainAndRuns() {
        SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
        UUID userId = SyncApi.userId(subject);
        UUID jobId = UUID.randomUUID();
        SyncApi.execute(
                "insert into sync_jobs (id, user_id, source, status, created_at, updated_at)"
                        + " values (?, ?, 'gitlab', 'pending', now() - interval '1 hour', now() - interval '1 hour')",
                jobId,
                userId);
        scheduler.rerequestPending().await().atMost(Duration.ofSeconds(10));
        assertThat(SyncApi.awaitEnd(jwt, jobId.toString()).get("status")).isEqualTo("completed");
    }

    @Test
    void connectionsWithAnIntervalGetPeriodicJobs() {
        SyncApi.createConnection(
                        jwt,
                        Map.of(
                                "source",
                                "gitlab",
                                "base_url",
                                gitlab.baseUrl(),
                                "token",
                                TOKEN,
                                "sync_interval_minutes",
                                15))
                .then()
                .statusCode(201);
        UUID userId = SyncApi.userId(subject);
        List<SyncJob> created = scheduler.schedulePeriodic().await().atMost(Duration.ofSeconds(10));
        SyncJob mine = created.stream()
                .filter(j -> j.userId().equals(userId))
                .findFirst()
                .orElseThrow();
        assertThat(mine.metadata().getString("trigger")).isEqualTo("schedule");
        assertThat(SyncApi.awaitEnd(jwt, mine.id().toString()).get("status")).isEqualTo("completed");
        // Not due again until the interval has passed.
        assertThat(scheduler.schedulePeriodic().await().atMost(Duration.ofSeconds(10)))
                .noneMatch(j -> j.userId().equals(userId));
        String id = given().auth()
                .oauth2(jwt)
                .get("/api/v1/connections")
                .then()
                .extract()
                .path("items[0].id");
        given().auth().oauth2(jwt).delete("/api/v1/connections/" + id).then().statusCode(204);
    }
}
