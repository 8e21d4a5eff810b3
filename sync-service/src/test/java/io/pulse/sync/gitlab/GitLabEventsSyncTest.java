package io.pulse.sync.gitlab;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.testing.Fixtures;
import io.pulse.sync.testing.GitLabStubs;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.pulse.sync.testing.GitLabStubs.ME;
import static io.pulse.sync.testing.GitLabStubs.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events-based parts of GitLab ingestion: approvals, issues the user closed and pushes grouped per project and
 * day, end to end (POST -> Kafka -> worker -> WireMock GitLab -> evidence + outbox).
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@SuppressWarnings("unchecked")
class GitLabEventsSyncTest {

    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");
    private static final String EVENTS = "/api/v4/users/" + ME + "/events";
    private static WireMockServer server;
    private static GitLabStubs gitlab;

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
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void fresh() {
        server.resetAll();
        String subject = TestTokens.newSubject();
        jwt = TestTokens.individual(subject);
        gitlab.user();
        SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
        userId = SyncApi.userId(subject);
        gitlab.authored(List.of(List.of()));
        gitlab.reviewed(List.of(List.of()));
    }

    private static String ago(long minutes) {
        return Instant.now()
                .minus(minutes, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.MILLIS)
                .toString();
    }

    private Map<String, Object> syncSince(String since) {
        String id = SyncApi.requestSync(jwt, Map.of("source", "gitlab", "since", since))
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        return SyncApi.awaitEnd(jwt, id);
    }

    @Test
    void approvalsClosedIssuesAndPushDaysBecomeItemsAndResyncChangesNothing() {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        LocalDate dayBefore = yesterday.minusDays(1);
        String since = Instant.now()
                .minus(3, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();

        // Authored and merged: its commits count as covered, so a push of them is not a commit-day item.
        ObjectNode invoices = Fixtures.mergeRequest(201, 5, "Add invoice export", ME, ago(90));
        gitlab.authored(List.of(List.of(invoices)));
        gitlab.mergeRequest(invoices);
        gitlab.commits(201, 5, List.of(Fixtures.commit("ab12cd34", "Add invoice export endpoint")));

        // Reviewer and approver of the same MR: one item, tagged approved.
        ObjectNode billing = Fixtures.mergeRequest(202, 8, "Refactor billing client", OTHER, ago(30));
        billing.put("state", "opened").putNull("merged_at");
        gitlab.reviewed(List.of(List.of(billing)));
        gitlab.notes(
                202, 8, List.of(Fixtures.note(11, ME, "Please keep the retry budget configurable.", false, ago(80))));

        // Approved without being reviewer: fetched on its own, with the user's comment.
        ObjectNode cache = Fixtures.mergeRequest(203, 4, "Cache tax rates per region", OTHER, ago(60));
        gitlab.mergeRequest(cache);
        gitlab.notes(
                203,
                4,
                List.of(
                        Fixtures.note(21, ME, "Nice cleanup, one question on eviction.", false, ago(75)),
                        Fixtures.note(22, OTHER, "Eviction is LRU now.", false, ago(73)),
                        Fixtures.note(23, ME, "approved this merge request", true, ago(70))));
        // Approved, then the approval withdrawn: not an item.
        ObjectNode withdrawn = Fixtures.mergeRequest(204, 2, "Drop legacy currency table", OTHER, ago(50));
        gitlab.mergeRequest(withdrawn);
        gitlab.notes(
                204,
                2,
                List.of(
                        Fixtures.note(31, ME, "approved this merge request", true, ago(66)),
                        Fixtures.note(32, ME, "unapproved this merge request", true, ago(64))));
        String approvedBilling = ago(78);
        gitlab.events(
                "approved",
                List.of(
                        List.of(
                                Fixtures.approvedEvent(1001, 202, 8, approvedBilling),
                                Fixtures.approvedEvent(1002, 203, 4, ago(70))),
                        List.of(
                                // Self-approval of the user's own MR: its authored item covers it.
                                Fixtures.approvedEvent(1003, 201, 5, ago(89)),
                                Fixtures.approvedEvent(1004, 204, 2, ago(66)))));

        // Closed by the user; closed by them but reopened and closed by someone else since; reopened.
        ObjectNode crash = Fixtures.issue(205, 11, "Crash on empty config", ago(40));
        ((ObjectNode) crash.get("closed_by")).put("id", ME);
        ObjectNode flaky = Fixtures.issue(205, 12, "Flaky export test", ago(20));
        ((ObjectNode) flaky.get("closed_by")).put("id", OTHER);
        ObjectNode reopened = Fixtures.issue(205, 13, "Wrong VAT rounding", ago(35));
        ((ObjectNode) reopened.get("closed_by")).put("id", ME);
        reopened.put("state", "opened");
        List.of(crash, flaky, reopened).forEach(gitlab::issue);
        gitlab.events(
                "closed",
                List.of(
                        List.of(
                                Fixtures.closedIssueEvent(2001, 205, 11, ago(45)),
                                Fixtures.closedIssueEvent(2002, 205, 12, ago(44))),
                        List.of(
                                Fixtures.closedIssueEvent(2003, 205, 13, ago(35)),
                                Fixtures.closedIssueEvent(2004, 205, 11, ago(40)))));

        // Pushes: three on project 206 yesterday (one item), one the day before (another), one on project 207
        // (not visible any more: 404, named by id), one of the MR's commit, a tag and a branch deletion (skipped).
        gitlab.project(Fixtures.project(206, "acme/payments"));
        ObjectNode tag = Fixtures.pushEvent(
                3006, 206, "v1.4.0", 1, "Release 1.4.0", "d1e2f3a4b5c6", yesterday + "T16:00:00.000Z");
        ((ObjectNode) tag.get("push_data")).put("ref_type", "tag");
        ObjectNode deletion = Fixtures.pushEvent(3007, 206, "old-branch", 0, null, null, yesterday + "T16:30:00.000Z");
        ((ObjectNode) deletion.get("push_data")).put("action", "removed");
        List<ObjectNode> pushesPage1 = List.of(
                Fixtures.pushEvent(
                        3001, 206, "main", 2, "Add payout scheduler", "aaaa1111bbbb2222", dayBefore + "T10:00:00.000Z"),
                Fixtures.pushEvent(
                        3002, 206, "main", 1, "Fix payout rounding", "cccc3333dddd4444", yesterday + "T09:00:00.000Z"),
                Fixtures.pushEvent(
                        3003,
                        206,
                        "hotfix/retry",
                        3,
                        "Retry payouts on timeout",
                        "eeee5555ffff6666",
                        yesterday + "T11:30:00.000Z"));
        List<ObjectNode> pushesPage2 = List.of(
                Fixtures.pushEvent(
                        3004, 206, "main", 1, "Log payout batches", "abab1212cdcd3434", yesterday + "T15:45:00.000Z"),
                Fixtures.pushEvent(
                        3005, 207, "main", 1, "Bump base image", "efef5656abab7878", yesterday + "T12:00:00.000Z"),
                Fixtures.pushEvent(
                        3008,
                        201,
                        "feature/invoice-export",
                        1,
                        "Add invoice export endpoint",
                        "ab12cd3415e310a7eb34b3e38ff9b962b54f0e03",
                        yesterday + "T08:00:00.000Z"),
                tag,
                deletion);
        gitlab.events("pushed", List.of(pushesPage1, pushesPage2));

        Map<String, Object> first = syncSince(since);
        assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("completed");
        String day1 = "gitlab:commits:206:" + yesterday;
        String day0 = "gitlab:commits:206:" + dayBefore;
        String other = "gitlab:commits:207:" + yesterday;
        Map<String, Map<String, Object>> evidence = SyncApi.evidence(userId);
        assertThat(evidence.keySet())
                .containsExactlyInAnyOrder(
                        "gitlab:mr:201:5",
                        "gitlab:review:202:8",
                        "gitlab:review:203:4",
                        "gitlab:issue:205:11",
                        day1,
                        day0,
                        other);
        assertThat(first.get("items_created")).isEqualTo(7);

        Map<String, Object> both = evidence.get("gitlab:review:202:8");
        assertThat((List<Object>) both.get("tags")).contains("approved", "code-review");
        assertThat((String) both.get("content"))
                .startsWith("Reviewed and approved merge request !8")
                .contains("Please keep the retry budget configurable.");
        assertThat(((java.sql.Timestamp) both.get("occurred_at")).toInstant())
                .isEqualTo(Instant.parse(approvedBilling));
        Map<String, Object> approvedOnly = evidence.get("gitlab:review:203:4");
        assertThat((List<Object>) approvedOnly.get("tags")).contains("approved");
        assertThat(approvedOnly.get("title")).isEqualTo("Review: Cache tax rates per region");
        assertThat((String) approvedOnly.get("content"))
                .contains("Nice cleanup, one question on eviction.")
                .doesNotContain("Eviction is LRU now.")
                .doesNotContain("approved this merge request");
        assertThat(evidence.get("gitlab:issue:205:11").get("title")).isEqualTo("Crash on empty config");
        assertThat(evidence.get("gitlab:issue:205:11").get("source_url"))
                .isEqualTo("https://gitlab.example.com/acme/project-205/-/issues/11");

        Map<String, Object> pushes = evidence.get(day1);
        assertThat(pushes.get("title")).isEqualTo("Commits to acme/payments on " + yesterday + " (5)");
        assertThat(pushes.get("source_url")).isEqualTo("https://gitlab.example.com/acme/payments");
        assertThat((String) pushes.get("content"))
                .contains("Pushed 5 commits to acme/payments on " + yesterday + " (UTC) in 3 pushes")
                .contains("09:00 main: 1 commit, latest \"Fix payout rounding\"")
                .contains("11:30 hotfix/retry: 3 commits, latest \"Retry payouts on timeout\" (50d44202..eeee5555)")
                .contains("15:45 main: 1 commit, latest \"Log payout batches\"")
                .doesNotContain("Release 1.4.0")
                .doesNotContain("old-branch");
        assertThat((List<Object>) pushes.get("tags")).contains("acme/payments", "commits");
        assertThat(((java.sql.Timestamp) pushes.get("occurred_at")).toInstant())
                .isEqualTo(Instant.parse(yesterday + "T15:45:00Z"));
        assertThat(evidence.get(other).get("title")).isEqualTo("Commits to project-207 on " + yesterday + " (1)");
        assertThat(evidence.get(other).get("source_url")).isNull();
        assertThat(evidence.values())
                .noneSatisfy(row -> assertThat((String) row.get("content")).contains("Add invoice export endpoint\""));

        // Events were paged (page 2 requested for each feed); first pages ask from two days before the window's date.
        List<LoggedRequest> events = server.findAll(getRequestedFor(urlPathEqualTo(EVENTS)));
        assertThat(events)
                .filteredOn(r -> r.queryParameter("page").isPresent())
                .extracting(r -> r.queryParameter("action").firstValue())
                .containsExactlyInAnyOrder("approved", "closed", "pushed");
        String after = LocalDate.parse(since.substring(0, 10)).minusDays(2).toString();
        assertThat(events)
                .filteredOn(r -> !r.queryParameter("page").isPresent())
                .hasSize(3)
                .allSatisfy(
                        r -> assertThat(r.queryParameter("after").firstValue()).isEqualTo(after));

        // Same range again: nothing new, nothing rewritten.
        Map<String, Object> second = syncSince(since);
        assertThat(second.get("status")).isEqualTo("completed");
        assertThat(second.get("items_created")).isEqualTo(0);
        assertThat(second.get("items_processed")).isEqualTo(7);
        assertThat(SyncApi.evidence(userId).values())
                .allSatisfy(row -> assertThat(row.get("version")).isEqualTo(1L));
        assertThat(SyncApi.eventCounts(userId))
                .containsEntry("evidence.created", 7)
                .doesNotContainKey("evidence.updated")
                .doesNotContainKey("evidence.deleted");

        // A new push joins yesterday's item (update). The approval of !4 is withdrawn and issue #11 was reopened:
        // looked up on their own, they are no longer the user's and go. The day before's pushes left the feed while
        // the project is still there (event retention, or a page that shifted): absence alone deletes nothing.
        gitlab.events(
                "pushed",
                List.of(
                        pushesPage1.subList(1, 3),
                        List.of(
                                pushesPage2.get(0),
                                pushesPage2.get(1),
                                Fixtures.pushEvent(
                                        3009,
                                        206,
                                        "main",
                                        2,
                                        "Add payout metrics",
                                        "9999aaaa8888bbbb",
                                        yesterday + "T17:10:00.000Z"))));
        gitlab.notes(
                203,
                4,
                List.of(
                        Fixtures.note(21, ME, "Nice cleanup, one question on eviction.", false, ago(75)),
                        Fixtures.note(23, ME, "approved this merge request", true, ago(70)),
                        Fixtures.note(24, ME, "unapproved this merge request", true, ago(5))));
        crash.put("state", "opened").putNull("closed_at");
        gitlab.issue(crash);
        Map<String, Object> third = syncSince(since);
        assertThat(third.get("status")).isEqualTo("completed");
        assertThat(third.get("items_created")).isEqualTo(0);
        Map<String, Map<String, Object>> after3 = SyncApi.evidence(userId);
        assertThat(after3.keySet())
                .containsExactlyInAnyOrder("gitlab:mr:201:5", "gitlab:review:202:8", day1, day0, other);
        assertThat(after3.get(day0).get("version")).isEqualTo(1L);
        assertThat(after3.get(day1).get("version")).isEqualTo(2L);
        assertThat((String) after3.get(day1).get("content"))
                .contains("Pushed 7 commits")
                .contains("Add payout metrics");
        assertThat(after3.get("gitlab:review:202:8").get("version")).isEqualTo(1L);
        assertThat(SyncApi.eventCounts(userId))
                .containsEntry("evidence.updated", 1)
                .containsEntry("evidence.deleted", 2);
        assertThat(((Map<?, ?>) third.get("metadata")).get("items_deleted")).isEqualTo(2);
    }

    @Test
    void a429OnTheEventsFeedIsWaitedOutThenTheApprovalIsIngested() {
        ObjectNode cache = Fixtures.mergeRequest(208, 6, "Cache exchange rates", OTHER, ago(20));
        gitlab.mergeRequest(cache);
        gitlab.notes(208, 6, List.of(Fixtures.note(41, ME, "approved this merge request", true, ago(15))));
        server.stubFor(get(urlPathEqualTo(EVENTS))
                .withQueryParam("action", WireMock.equalTo("approved"))
                .inScenario("events-limit")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withHeader("RateLimit-Name", "throttle_authenticated_api")
                        .withHeader("RateLimit-Remaining", "0")
                        .withBody("Retry later"))
                .willSetStateTo("cleared"));
        server.stubFor(get(urlPathEqualTo(EVENTS))
                .withQueryParam("action", WireMock.equalTo("approved"))
                .inScenario("events-limit")
                .whenScenarioStateIs("cleared")
                .willReturn(GitLabStubs.page(List.of(Fixtures.approvedEvent(1101, 208, 6, ago(15))))
                        .withHeader("X-Next-Page", "")));

        Map<String, Object> job = SyncApi.syncAndWait(jwt, "gitlab");
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");
        List<LoggedRequest> requests = server.findAll(
                getRequestedFor(urlPathEqualTo(EVENTS)).withQueryParam("action", WireMock.equalTo("approved")));
        assertThat(requests).hasSize(2);
        long waited = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(waited).as("waited for Retry-After").isGreaterThanOrEqualTo(950);
        assertThat(SyncApi.evidence(userId)).containsOnlyKeys("gitlab:review:208:6");
        assertThat((List<Object>)
                        SyncApi.evidence(userId).get("gitlab:review:208:6").get("tags"))
                .contains("approved");
    }
}
