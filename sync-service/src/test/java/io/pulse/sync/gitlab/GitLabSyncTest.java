package io.pulse.sync.gitlab;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.testing.Fixtures;
import io.pulse.sync.testing.GitLabStubs;
import io.pulse.sync.testing.SourceServers;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.pulse.sync.testing.GitLabStubs.ME;
import static io.pulse.sync.testing.GitLabStubs.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

/** End to end: POST a job -> Kafka -> worker -> WireMock GitLab -> evidence + outbox, and re-syncs over it. */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@SuppressWarnings("unchecked")
class GitLabSyncTest {

    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer server;
    private static GitLabStubs gitlab;

    @BeforeAll
    static void start() {
        server = SourceServers.start();
        gitlab = new GitLabStubs(server, TOKEN);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String ago(long minutes) {
        return Instant.now()
                .minus(minutes, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.MILLIS)
                .toString();
    }

    @Test
    void multiPageSyncThenIdempotentResyncThenChangesAndDeletions() {
        String subject = TestTokens.newSubject();
        String jwt = TestTokens.individual(subject);
        gitlab.user();
        SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
        UUID userId = SyncApi.userId(subject);

        ObjectNode limiter = Fixtures.mergeRequest(101, 1, "Add rate limiter to API gateway", ME, ago(120));
        // Merged two minutes ago: inside the next incremental window (cursor - 10 min overlap).
        ObjectNode race = Fixtures.mergeRequest(101, 2, "Fix race in job scheduler", ME, ago(2));
        race.putArray("labels").add("backend");
        ObjectNode docs = Fixtures.mergeRequest(102, 7, "Update docs for deploy pipeline", ME, ago(60));
        docs.putArray("labels");
        ObjectNode audit = Fixtures.mergeRequest(103, 9, "Introduce audit log table", ME, "2026-01-15T10:00:00.000Z");
        gitlab.authored(List.of(List.of(limiter, race), List.of(docs), List.of(audit)));
        gitlab.commits(
                101,
                1,
                List.of(
                        Fixtures.commit("aa11bb22", "Add token bucket limiter"),
                        Fixtures.commit("cc33dd44", "Wire limiter into gateway filters")));
        gitlab.commits(101, 2, List.of(Fixtures.commit("ee55ff66", "Guard scheduler queue with a lock")));
        gitlab.commits(102, 7, List.of(Fixtures.commit("1122aabb", "Document deploy stages")));
        gitlab.commits(103, 9, List.of(Fixtures.commit("3344ccdd", "Create audit_log table")));

        ObjectNode billing = Fixtures.mergeRequest(104, 3, "Refactor billing client", OTHER, ago(30));
        billing.put("state", "opened").putNull("merged_at");
        billing.put("created_at", ago(300));
        gitlab.reviewed(List.of(List.of(billing, limiter)));
        gitlab.notes(
                104,
                3,
                List.of(
                        Fixtures.note(1, ME, "Could we keep the old field name for one release?", false, ago(50)),
                        Fixtures.note(2, ME, "approved this merge request", true, ago(45)),
                        Fixtures.note(3, OTHER, "Sure, done in the next commit.", false, ago(40)),
                        Fixtures.note(4, ME, "LGTM, thanks for the tests.", false, ago(35))));

        ObjectNode crash = Fixtures.issue(105, 11, "Crash on empty config", ago(20));
        crash.putArray("labels").add("bug");
        ((ObjectNode) crash.get("closed_by")).put("id", ME);
        gitlab.issue(crash);
        gitlab.events("closed", List.of(List.of(Fixtures.closedIssueEvent(501, 105, 11, ago(20)))));

        // First run: everything is new.
        Map<String, Object> first = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("completed");
        assertThat(first.get("items_processed")).isEqualTo(6);
        assertThat(first.get("items_created")).isEqualTo(6);

        Map<String, Map<String, Object>> evidence = SyncApi.evidence(userId);
        assertThat(evidence.keySet())
                .containsExactly(
                        "gitlab:issue:105:11",
                        "gitlab:mr:101:1",
                        "gitlab:mr:101:2",
                        "gitlab:mr:102:7",
                        "gitlab:mr:103:9",
                        "gitlab:review:104:3");
        Map<String, Object> mr = evidence.get("gitlab:mr:101:1");
        assertThat(mr.get("title")).isEqualTo("Add rate limiter to API gateway");
        assertThat(mr.get("category")).isEqualTo("feature");
        assertThat(mr.get("source_url")).isEqualTo("https://gitlab.example.com/acme/project-101/-/merge_requests/1");
        assertThat((String) mr.get("content"))
                .contains("Switches the load balancer to structured logging.")
                .contains("Commits (2):")
                .contains("aa11bb22 Add token bucket limiter")
                .contains("cc33dd44 Wire limiter into gateway filters");
        assertThat((List<Object>) mr.get("tags")).contains("backend", "database", "acme/project-101", "merge-request");
        assertThat(((java.sql.Timestamp) mr.get("occurred_at")).toInstant())
                .isEqualTo(Instant.parse(limiter.get("merged_at").asText()));
        assertThat(evidence.get("gitlab:mr:101:2").get("category")).isEqualTo("bugfix");
        assertThat(evidence.get("gitlab:mr:102:7").get("category")).isEqualTo("documentation");
        Map<String, Object> review = evidence.get("gitlab:review:104:3");
        assertThat(review.get("category")).isEqualTo("code-review");
        assertThat(review.get("title")).isEqualTo("Review: Refactor billing client");
        assertThat((String) review.get("content"))
                .contains("Review comments (2):")
                .contains("[lib/gitlab/database/load_balancing.rb:42] Could we keep the old field name")
                .contains("LGTM, thanks for the tests.")
                .doesNotContain("approved this merge request")
                .doesNotContain("Sure, done in the next commit.");
        assertThat(evidence.get("gitlab:issue:105:11").get("category")).isEqualTo("bugfix");
        assertThat(evidence.values())
                .allSatisfy(row -> assertThat(row.get("version")).isEqualTo(1L));
        assertThat(SyncApi.eventCounts(userId)).containsEntry("evidence.created", 6);
        // Paging followed Link on page 1 and X-Next-Page afterwards; the token went in the header only.
        List<LoggedRequest> listing = server.findAll(getRequestedFor(urlPathEqualTo("/api/v4/merge_requests")));
        assertThat(listing)
                .extracting(r -> r.queryParameter("page").isPresent()
                        ? r.queryParameter("page").firstValue()
                        : "1")
                .contains("1", "2", "3");
        assertThat(listing).allSatisfy(r -> assertThat(r.getUrl()).doesNotContain(TOKEN));

        // Second run over the same data: nothing new, nothing rewritten; the window starts at the cursor - overlap.
        Instant beforeSecond = Instant.now();
        server.resetRequests();
        Map<String, Object> second = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(second.get("status")).isEqualTo("completed");
        assertThat(second.get("items_created")).isEqualTo(0);
        assertThat(second.get("items_processed")).isEqualTo(6);
        assertThat(SyncApi.evidence(userId).values())
                .allSatisfy(row -> assertThat(row.get("version")).isEqualTo(1L));
        assertThat(SyncApi.eventCounts(userId))
                .containsEntry("evidence.created", 6)
                .doesNotContainKey("evidence.updated");
        Instant updatedAfter = Instant.parse(server.findAll(getRequestedFor(urlPathEqualTo("/api/v4/merge_requests")))
                .get(0)
                .queryParameter("updated_after")
                .firstValue());
        Instant firstCursor = Instant.parse((String) ((Map<?, ?>) first.get("metadata")).get("cursor"));
        assertThat(updatedAfter)
                .isEqualTo(firstCursor.minus(10, ChronoUnit.MINUTES))
                .isBefore(beforeSecond);

        // Third run: one MR changed, one recent MR gone at the source, one old MR not listed (outside the window).
        limiter.put("title", "Add rate limiter to API gateway (v2)");
        gitlab.authored(List.of(List.of(limiter), List.of(docs)));
        Map<String, Object> third = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(third.get("status")).isEqualTo("completed");
        assertThat(third.get("items_created")).isEqualTo(0);
        Map<String, Map<String, Object>> after = SyncApi.evidence(userId);
        assertThat(after.keySet())
                .containsExactly(
                        "gitlab:issue:105:11",
                        "gitlab:mr:101:1",
                        "gitlab:mr:102:7",
                        "gitlab:mr:103:9",
                        "gitlab:review:104:3");
        assertThat(after.get("gitlab:mr:101:1").get("title")).isEqualTo("Add rate limiter to API gateway (v2)");
        assertThat(after.get("gitlab:mr:101:1").get("version")).isEqualTo(2L);
        assertThat(after.get("gitlab:mr:102:7").get("version")).isEqualTo(1L);
        assertThat(SyncApi.eventCounts(userId))
                .containsEntry("evidence.created", 6)
                .containsEntry("evidence.updated", 1)
                .containsEntry("evidence.deleted", 1);
        assertThat(((Map<?, ?>) third.get("metadata")).get("items_deleted")).isEqualTo(1);

        // Fourth run with an explicit range back to January: the old MR that is no longer listed goes too.
        String id = SyncApi.requestSync(jwt, Map.of("source", "gitlab", "since", "2026-01-01T00:00:00Z"))
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Map<String, Object> fourth = SyncApi.awaitEnd(jwt, id);
        assertThat(fourth.get("status")).isEqualTo("completed");
        assertThat(((Map<?, ?>) fourth.get("metadata")).get("window_start")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(SyncApi.evidence(userId).keySet())
                .containsExactly("gitlab:issue:105:11", "gitlab:mr:101:1", "gitlab:mr:102:7", "gitlab:review:104:3");
        assertThat(SyncApi.eventCounts(userId)).containsEntry("evidence.deleted", 2);
    }
}
