package io.pulse.sync.gitlab;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.pulse.common.evidence.EvidenceWriter;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.testing.Fixtures;
import io.pulse.sync.testing.GitLabStubs;
import io.pulse.sync.testing.OwnerEdits;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.pulse.sync.testing.GitLabStubs.ME;
import static io.pulse.sync.testing.GitLabStubs.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitLab on a bad day (issue 10, defects 2 to 6): listings that shift between pages, links to an internal host,
 * sub-resources that vanish, text cut inside a character, projects that stop answering and renamed accounts. None of
 * them may cost the user an item, its id or their own edits.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@SuppressWarnings("unchecked")
class GitLabResilienceTest {

    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer server;
    private static GitLabStubs gitlab;

    @Inject
    Pool pool;

    @Inject
    EvidenceWriter writer;

    private String jwt;
    private UUID userId;
    private String since;

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
        since = Instant.now()
                .minus(3, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }

    private static String ago(long minutes) {
        return Instant.now()
                .minus(minutes, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.MILLIS)
                .toString();
    }

    private Map<String, Object> syncSince() {
        String id = SyncApi.requestSync(jwt, Map.of("source", "gitlab", "since", since))
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Map<String, Object> job = SyncApi.awaitEnd(jwt, id);
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");
        return job;
    }

    private static ObjectNode merged(long project, long iid, String title, long minutesAgo) {
        ObjectNode mr = Fixtures.mergeRequest(project, iid, title, ME, ago(minutesAgo));
        gitlab.commits(project, iid, List.of(Fixtures.commit("abcd000" + iid, title + " (commit)")));
        return mr;
    }

    private static Map<?, ?> metadata(Map<String, Object> job) {
        return (Map<?, ?>) job.get("metadata");
    }

    /** Defect 2: an MR updated between two pages shifts the offset pages; nothing is deleted or reset. */
    @Test
    void anItemUpdatedBetweenTwoPagesCostsNoOtherItemAndNoUserEdit() {
        ObjectNode first = merged(301, 1, "Add retry budget", 300);
        ObjectNode second = merged(301, 2, "Split the payout worker", 200);
        ObjectNode third = merged(301, 3, "Drop the legacy exporter", 100);
        ObjectNode review = Fixtures.mergeRequest(302, 5, "Refactor the billing client", OTHER, ago(90));
        review.put("state", "opened").putNull("merged_at");
        review.putArray("reviewers").addObject().put("id", ME).put("username", "mia");
        gitlab.notes(
                302, 5, List.of(Fixtures.note(51, ME, "Please keep the old field for a release.", false, ago(80))));
        gitlab.authored(List.of(List.of(first, second), List.of(third)));
        gitlab.reviewed(List.of(List.of(review)));
        assertThat(syncSince().get("items_created")).isEqualTo(4);
        UUID thirdId = OwnerEdits.id(userId, "gitlab:mr:301:3");
        UUID firstId = OwnerEdits.id(userId, "gitlab:mr:301:1");
        UUID reviewId = OwnerEdits.id(userId, "gitlab:review:302:5");

        // The owner files two items their own way.
        OwnerEdits.setCategoryAndTags(
                pool, writer, userId, "gitlab:mr:301:3", "incident", List.of("cleanup", "promo-case"));
        OwnerEdits.setCategoryAndTags(pool, writer, userId, "gitlab:mr:301:1", "mentoring", List.of("pairing"));
        OwnerEdits.setCategoryAndTags(pool, writer, userId, "gitlab:review:302:5", "code-review", List.of("kudos"));

        // Someone comments on the first MR while page 2 is read: the first MR moves to the end and the third one is
        // never listed. The reviewer listing shifted the same way and showed nothing.
        ObjectNode firstChanged = first.deepCopy();
        firstChanged.put("title", "Add retry budget (v2)").put("updated_at", ago(0));
        gitlab.authored(List.of(List.of(first, second), List.of(firstChanged)));
        gitlab.reviewed(List.of(List.of()));
        gitlab.mergeRequest(third);
        gitlab.mergeRequest(review);
        Map<String, Object> job = syncSince();

        assertThat(metadata(job).get("items_deleted")).isEqualTo(0);
        Map<String, Map<String, Object>> evidence = SyncApi.evidence(userId);
        assertThat(evidence)
                .containsOnlyKeys("gitlab:mr:301:1", "gitlab:mr:301:2", "gitlab:mr:301:3", "gitlab:review:302:5");
        // Same ids, the owner's category and tags, no rewrite of the unchanged items.
        assertThat(OwnerEdits.id(userId, "gitlab:mr:301:3")).isEqualTo(thirdId);
        assertThat(OwnerEdits.id(userId, "gitlab:mr:301:1")).isEqualTo(firstId);
        assertThat(OwnerEdits.id(userId, "gitlab:review:302:5")).isEqualTo(reviewId);
        Map<String, Object> kept = evidence.get("gitlab:mr:301:3");
        assertThat(kept.get("version")).isEqualTo(2L);
        assertThat(kept.get("category")).isEqualTo("incident");
        assertThat((List<Object>) kept.get("tags")).containsExactly("cleanup", "promo-case");
        assertThat((List<Object>) evidence.get("gitlab:review:302:5").get("tags"))
                .containsExactly("kudos");
        // The changed MR takes the source's new title but keeps what the owner set.
        Map<String, Object> changed = evidence.get("gitlab:mr:301:1");
        assertThat(changed.get("title")).isEqualTo("Add retry budget (v2)");
        assertThat(changed.get("version")).isEqualTo(3L);
        assertThat(changed.get("category")).isEqualTo("mentoring");
        assertThat((List<Object>) changed.get("tags")).containsExactly("pairing");
        assertThat(SyncApi.eventCounts(userId)).doesNotContainKey("evidence.deleted");
    }

    /** Defect 2, the other way round: looked up on its own, an MR that is really gone still goes. */
    @Test
    void anUnlistedItemIsDeletedOnlyWhenGitLabSaysItIsGone() {
        ObjectNode kept = merged(305, 1, "Keep me", 60);
        ObjectNode deleted = merged(305, 2, "Delete me", 50);
        ObjectNode reverted = merged(305, 3, "Revert me", 40);
        gitlab.authored(List.of(List.of(kept, deleted, reverted)));
        syncSince();

        gitlab.authored(List.of(List.of(kept)));
        server.stubFor(
                get(urlPathEqualTo("/api/v4/projects/305/merge_requests/2")).willReturn(notFound()));
        // Still there, but no longer a merged MR of the user's.
        gitlab.mergeRequest(reverted.deepCopy().put("state", "closed").putNull("merged_at"));
        Map<String, Object> job = syncSince();
        assertThat(metadata(job).get("items_deleted")).isEqualTo(2);
        assertThat(SyncApi.evidence(userId)).containsOnlyKeys("gitlab:mr:305:1");
    }

    /** Defect 3: GitLab behind a reverse proxy links its internal host; X-Next-Page still leads on. */
    @Test
    void aLinkToAnotherHostFallsBackToXNextPage() {
        ObjectNode one = merged(303, 1, "Page one", 30);
        ObjectNode two = merged(303, 2, "Page two", 20);
        server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                .withQueryParam("author_id", WireMock.equalTo(Long.toString(ME)))
                .withQueryParam("page", WireMock.absent())
                .willReturn(GitLabStubs.page(List.of(one))
                        .withHeader(
                                "Link",
                                "<http://gitlab-internal.svc:8080/api/v4/merge_requests?author_id=" + ME
                                        + "&page=2&per_page=100>; rel=\"next\"")
                        .withHeader("X-Next-Page", "2")));
        server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                .withQueryParam("author_id", WireMock.equalTo(Long.toString(ME)))
                .withQueryParam("page", WireMock.equalTo("2"))
                .willReturn(GitLabStubs.page(List.of(two)).withHeader("X-Next-Page", "")));
        syncSince();
        assertThat(SyncApi.evidence(userId)).containsOnlyKeys("gitlab:mr:303:1", "gitlab:mr:303:2");
    }

    /** Defect 4: a 404 on an MR's commits or notes after the listing skips that MR, with a note, and keeps it. */
    @Test
    void a404OnCommitsOrNotesSkipsThatItemAndNamesItInTheResult() {
        ObjectNode fine = merged(304, 1, "Fine", 30);
        ObjectNode vanishing = merged(304, 2, "Commits vanish", 25);
        ObjectNode review = Fixtures.mergeRequest(306, 4, "Notes vanish", OTHER, ago(20));
        review.put("state", "opened").putNull("merged_at");
        gitlab.notes(306, 4, List.of(Fixtures.note(61, ME, "Looks right.", false, ago(15))));
        gitlab.authored(List.of(List.of(fine, vanishing)));
        gitlab.reviewed(List.of(List.of(review)));
        syncSince();

        server.stubFor(get(urlPathEqualTo("/api/v4/projects/304/merge_requests/2/commits"))
                .willReturn(notFound().withBody("{\"message\":\"404 Not found\"}")));
        server.stubFor(get(urlPathEqualTo("/api/v4/projects/306/merge_requests/4/notes"))
                .willReturn(notFound().withBody("{\"message\":\"404 Not found\"}")));
        vanishing.put("title", "Commits vanish (edited)");
        Map<String, Object> job = syncSince();

        assertThat(metadata(job).get("items_skipped")).isEqualTo(2);
        assertThat((List<Map<String, Object>>) metadata(job).get("skipped"))
                .extracting(note -> note.get("source_id") + " " + note.get("reason"))
                .containsExactlyInAnyOrder(
                        "gitlab:mr:304:2 its commits answered 404", "gitlab:review:306:4 its notes answered 404");
        assertThat(metadata(job).get("items_deleted")).isEqualTo(0);
        Map<String, Map<String, Object>> evidence = SyncApi.evidence(userId);
        assertThat(evidence).containsOnlyKeys("gitlab:mr:304:1", "gitlab:mr:304:2", "gitlab:review:306:4");
        assertThat(evidence.get("gitlab:mr:304:2").get("title")).isEqualTo("Commits vanish");
        assertThat(evidence.get("gitlab:mr:304:2").get("version")).isEqualTo(1L);
    }

    /** Defect 5: a description cut inside a surrogate pair; the character stays whole and the footer stays. */
    @Test
    void aSurrogatePairAtTheCutStaysWholeAndTheSummaryFooterIsKept() {
        ObjectNode mr = merged(307, 7, "Long write-up", 10);
        // Unit 99,999 of description + footer is the first half of an emoji: where a plain cut at 100,000 falls.
        mr.put("description", "x".repeat(99_999) + "\uD83D\uDE00 and the rest of the story");
        gitlab.authored(List.of(List.of(mr)));
        syncSince();

        String content =
                (String) SyncApi.evidence(userId).get("gitlab:mr:307:7").get("content");
        assertThat(content.length()).isLessThanOrEqualTo(100_000);
        assertThat(content).doesNotContain("?").doesNotContain("\uFFFD");
        assertThat(content.codePoints().filter(cp -> cp >= 0xD800 && cp <= 0xDFFF))
                .isEmpty();
        assertThat(content)
                .contains("x […]\n\nMerge request !7 in acme/project-307")
                .contains("Branch: use-structured-logging-for-db-load-balancer -> master")
                .endsWith("Commits (1):\n- abcd0007 Long write-up (commit)");
    }

    /** Defect 6: a project that starts answering 404 and a renamed account rewrite nothing. */
    @Test
    void aProjectTurning404AndARenamedAccountRewriteNothing() {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        gitlab.project(Fixtures.project(402, "acme/payments"));
        gitlab.events(
                "pushed",
                List.of(List.of(Fixtures.pushEvent(
                        7001, 402, "main", 1, "Fix payout rounding", "cccc3333dddd4444", yesterday + "T09:00:00Z"))));
        ObjectNode issue = Fixtures.issue(403, 7, "Crash on empty config", ago(30));
        ((ObjectNode) issue.get("closed_by")).put("id", ME).put("username", "mia");
        gitlab.issue(issue);
        gitlab.events("closed", List.of(List.of(Fixtures.closedIssueEvent(7101, 403, 7, ago(30)))));
        syncSince();
        String day = "gitlab:commits:402:" + yesterday;
        assertThat(SyncApi.evidence(userId).get(day).get("title"))
                .isEqualTo("Commits to acme/payments on " + yesterday + " (1)");

        server.stubFor(get(urlPathEqualTo("/api/v4/projects/402")).atPriority(1).willReturn(notFound()));
        ((ObjectNode) issue.get("closed_by")).put("username", "mia.k");
        gitlab.issue(issue);
        syncSince();
        Map<String, Map<String, Object>> evidence = SyncApi.evidence(userId);
        assertThat(evidence.get(day).get("title")).isEqualTo("Commits to acme/payments on " + yesterday + " (1)");
        assertThat((String) evidence.get(day).get("content"))
                .contains("to acme/payments")
                .doesNotContain("project-402");
        assertThat(evidence.get(day).get("source_url"))
                .isEqualTo("https://gitlab.example.com/acme/payments/-/commits/main");
        assertThat(evidence.get(day).get("version")).isEqualTo(1L);
        assertThat(evidence.get("gitlab:issue:403:7").get("version")).isEqualTo(1L);
        assertThat(SyncApi.eventCounts(userId)).doesNotContainKey("evidence.updated");

        // The pushes are gone from the feed too and the project still answers 404: now the day goes.
        gitlab.events("pushed", List.of(List.of()));
        Map<String, Object> job = syncSince();
        assertThat(metadata(job).get("items_deleted")).isEqualTo(1);
        assertThat(SyncApi.evidence(userId)).containsOnlyKeys("gitlab:issue:403:7");
    }
}
