package io.pulse.sync.gitlab.service;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.evidence.SourceItem;
import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.connection.Connection;
import io.pulse.sync.gitlab.client.GitLabApi;
import io.pulse.sync.gitlab.client.GitLabClient;
import io.pulse.sync.gitlab.client.GitLabCommit;
import io.pulse.sync.gitlab.client.GitLabEvent;
import io.pulse.sync.gitlab.client.GitLabIssue;
import io.pulse.sync.gitlab.client.GitLabMergeRequest;
import io.pulse.sync.gitlab.client.GitLabNote;
import io.pulse.sync.gitlab.client.GitLabProject;
import io.pulse.sync.gitlab.mapping.GitLabMapper;
import io.pulse.sync.http.SourceEndpoint;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.http.SourceUri;
import io.pulse.sync.ingest.FetchExecutor;
import io.pulse.sync.ingest.FetchRequest;
import io.pulse.sync.ingest.FetchSummary;
import io.pulse.sync.ingest.PageSink;
import io.pulse.sync.ingest.SourceFetcher;

/**
 * The user's GitLab work, in this order:
 *
 * <ol>
 *   <li>their approval events, collected first so reviewed MRs can be marked approved;
 *   <li>merged MRs they authored (with their commits), {@code updated_after} = window start;
 *   <li>MRs they are reviewer of, {@code updated_after} = window start, with their own comments and approval;
 *   <li>MRs they approved without being listed as reviewer (from the approval events), fetched one by one;
 *   <li>issues they closed (their close events), each fetched and kept only while it is still closed and was last
 *       closed by them;
 *   <li>their pushes grouped into one item per project per UTC day ({@link PushDays}), named by {@link ProjectPaths};
 *   <li>every stored item of the window the listings did not show, looked up on its own ({@link Recheck}): it is
 *       refreshed when it is still the user's, deleted only when GitLab answers 404/410 or it is no longer theirs.
 * </ol>
 *
 * <p>Events are requested with {@code after} = two days before the window start's UTC date ({@code after} is an
 * exclusive date in the server's time zone), so every UTC day from the window start's day on is complete. Per-item
 * sub-requests run on the shared {@link FetchExecutor}. A 404 on a listed MR's commits or notes skips that MR (it stays
 * as stored and the job's result names it) instead of failing the run.
 */
@ApplicationScoped
public class GitLabFetcher implements SourceFetcher {

    private final GitLabClient client;
    private final FetchExecutor executor;
    private final ProjectPaths projectPaths;
    private final SyncConfig.Gitlab config;

    public GitLabFetcher(GitLabClient client, FetchExecutor executor, ProjectPaths projectPaths, SyncConfig config) {
        this.client = client;
        this.executor = executor;
        this.projectPaths = projectPaths;
        this.config = config.gitlab();
    }

    /** One run's inputs and what the run learnt that the re-check needs. */
    private static final class Run {
        final SourceEndpoint endpoint;
        final Connection connection;
        final String me;
        final Instant windowStart;
        final LocalDate firstDay;
        final PageSink sink;
        final Map<String, GitLabEvent> approvals = new LinkedHashMap<>();
        final Set<String> covered = ConcurrentHashMap.newKeySet();
        final Map<String, Optional<GitLabProject>> projects = new ConcurrentHashMap<>();
        PushDays days;

        Run(SourceEndpoint endpoint, Connection connection, Instant windowStart, PageSink sink) {
            this.endpoint = endpoint;
            this.connection = connection;
            this.me = connection.accountId();
            this.windowStart = windowStart;
            this.firstDay = windowStart == null
                    ? null
                    : windowStart.atOffset(ZoneOffset.UTC).toLocalDate();
            this.sink = sink;
        }
    }

    @Override
    public String source() {
        return Connection.GITLAB;
    }

    @Override
    public List<String> kinds() {
        return List.of(
                GitLabMapper.KIND_MR, GitLabMapper.KIND_REVIEW, GitLabMapper.KIND_ISSUE, GitLabMapper.KIND_COMMITS);
    }

    @Override
    public FetchSummary fetch(FetchRequest request, PageSink sink) {
        Connection connection = request.connection();
        SourceEndpoint endpoint = client.endpoint(
                URI.create(connection.baseUrl()), request.token(), connection.caBundlePem(), request.budget());
        Run run = new Run(endpoint, connection, request.windowStart(), sink);

        approvals(run);
        authored(run);
        Set<String> reviewed = reviewed(run);
        approvedOnly(run, reviewed);
        closedIssues(run);
        pushDays(run);
        recheck(run, sink.unlisted());
        return new FetchSummary(endpoint.requestCount());
    }

    /** The user's latest approval event per MR ({@code project:iid}). */
    private void approvals(Run run) {
        client.forEachPage(run.endpoint, events(run, "approved", "merge_request"), GitLabEvent.class, page -> {
            for (GitLabEvent event : page) {
                event.mergeRequestKey().ifPresent(key -> run.approvals.merge(key, event, GitLabFetcher::later));
            }
        });
    }

    /** Writes the merged MRs the user authored and records the commit SHAs they cover (for the push days). */
    private void authored(Run run) {
        client.forEachPage(
                run.endpoint,
                GitLabApi.mergedAuthoredBy(run.me, run.windowStart, config.pageSize()),
                GitLabMergeRequest.class,
                page -> acceptPresent(run.sink, executor.map(page, mr -> authoredItem(run, mr))));
    }

    /** The MR's item with its commits; empty (and noted) when its commits answer 404. */
    private Optional<SourceItem> authoredItem(Run run, GitLabMergeRequest mr) {
        run.covered.addAll(mr.commitShas());
        List<GitLabCommit> commits;
        try {
            commits = config.includeCommits()
                    ? client.all(
                            run.endpoint,
                            GitLabApi.commits(mr.projectId(), mr.iid(), config.pageSize()),
                            GitLabCommit.class)
                    : List.of();
        } catch (SourceException e) {
            return skipIfGone(run, e, mrId(GitLabMapper.KIND_MR, mr), "its commits");
        }
        commits.stream().map(GitLabCommit::id).filter(id -> id != null).forEach(run.covered::add);
        return Optional.of(GitLabMapper.mergeRequest(mr, commits));
    }

    /** Writes the review items of MRs (not their own) the user is a reviewer of; returns their keys. */
    private Set<String> reviewed(Run run) {
        Set<String> reviewed = new HashSet<>();
        client.forEachPage(
                run.endpoint,
                GitLabApi.reviewedBy(run.me, run.windowStart, config.pageSize()),
                GitLabMergeRequest.class,
                page -> {
                    List<GitLabMergeRequest> others =
                            page.stream().filter(mr -> !mr.authoredBy(run.me)).toList();
                    others.forEach(mr -> reviewed.add(mr.key()));
                    acceptPresent(
                            run.sink, executor.map(others, mr -> reviewItem(run, mr, approvedAt(run, mr), false)));
                });
        return reviewed;
    }

    /** Writes MRs the user approved without being their reviewer (or whose listing lies outside the window). */
    private void approvedOnly(Run run, Set<String> reviewed) {
        List<GitLabEvent> events = run.approvals.entrySet().stream()
                .filter(e -> !reviewed.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .toList();
        for (List<GitLabEvent> chunk : chunks(events)) {
            acceptPresent(run.sink, executor.map(chunk, event -> approvedOnlyItem(run, event)));
        }
    }

    private Optional<SourceItem> approvedOnlyItem(Run run, GitLabEvent event) {
        return client.find(
                        run.endpoint,
                        GitLabApi.mergeRequest(event.projectId(), event.targetIid()),
                        GitLabMergeRequest.class)
                .filter(mr -> !mr.authoredBy(run.me))
                .flatMap(mr -> reviewItem(run, mr, event.createdAt(), true));
    }

    /** {@link #review}, skipping (and noting) an MR whose notes answer 404. */
    private Optional<SourceItem> reviewItem(
            Run run, GitLabMergeRequest mr, Instant eventApprovedAt, boolean requireApproval) {
        try {
            return review(run, mr, eventApprovedAt, requireApproval);
        } catch (SourceException e) {
            return skipIfGone(run, e, mrId(GitLabMapper.KIND_REVIEW, mr), "its notes");
        }
    }

    /**
     * The review item of an MR: the user's own comments (system notes dropped) and whether they approved it. The
     * approval comes from their latest approve/unapprove system note on the MR (stable across runs), else from an
     * approval event of this run's window. Empty when {@code requireApproval} and the MR is not approved by them.
     */
    private Optional<SourceItem> review(
            Run run, GitLabMergeRequest mr, Instant eventApprovedAt, boolean requireApproval) {
        List<GitLabNote> notes =
                client.all(run.endpoint, GitLabApi.notes(mr.projectId(), mr.iid()), GitLabNote.class).stream()
                        .filter(n -> n.writtenBy(run.me))
                        .toList();
        List<GitLabNote> comments = notes.stream().filter(n -> !n.system()).toList();
        Optional<GitLabNote> lastApprovalNote = notes.stream()
                .filter(GitLabNote::system)
                .filter(n -> GitLabMapper.approvalNote(n) != 0)
                .max(Comparator.comparing(GitLabNote::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        Instant approvedAt;
        if (lastApprovalNote.isEmpty()) {
            approvedAt = eventApprovedAt;
        } else if (GitLabMapper.approvalNote(lastApprovalNote.get()) > 0) {
            approvedAt = lastApprovalNote.get().createdAt();
        } else {
            // Withdrawn after the last approval.
            approvedAt = null;
        }
        if (requireApproval && approvedAt == null) {
            return Optional.empty();
        }
        return Optional.of(GitLabMapper.review(mr, comments, approvedAt));
    }

    /** Writes the issues from the user's close events that are still closed and were last closed by them. */
    private void closedIssues(Run run) {
        Set<String> seen = new HashSet<>();
        client.forEachPage(run.endpoint, events(run, "closed", "issue"), GitLabEvent.class, page -> {
            List<String> fresh = page.stream()
                    .flatMap(event -> event.issueKey().stream())
                    .filter(seen::add)
                    .toList();
            acceptPresent(run.sink, executor.map(fresh, key -> closedIssue(run, key)));
        });
    }

    private Optional<SourceItem> closedIssue(Run run, String key) {
        String[] parts = key.split(":");
        return client.find(run.endpoint, GitLabApi.issue(parts[0], parts[1]), GitLabIssue.class)
                .filter(issue -> closedByMe(run, issue))
                .map(GitLabMapper::issue);
    }

    private static boolean closedByMe(Run run, GitLabIssue issue) {
        return "closed".equals(issue.state())
                && (issue.closedBy() == null
                        || issue.closedBy().id() == null
                        || run.me.equals(issue.closedBy().id()));
    }

    /** Writes the commit-day items, once the whole push feed is read (a day may span feed pages). */
    private void pushDays(Run run) {
        run.days = new PushDays(run.firstDay, run.covered);
        client.forEachPage(
                run.endpoint, events(run, "pushed", null), GitLabEvent.class, page -> page.forEach(run.days::add));
        List<PushDays.Day> all = run.days.days();
        List<String> ids = all.stream().map(PushDays.Day::projectId).distinct().toList();
        List<Optional<GitLabProject>> found = executor.map(ids, id -> lookUpProject(run, id));
        Map<String, Optional<GitLabProject>> lookups = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            lookups.put(ids.get(i), found.get(i));
        }
        Map<String, GitLabProject> named = projectPaths.resolve(run.connection.id(), lookups);
        for (List<PushDays.Day> chunk : chunks(all)) {
            run.sink.accept(chunk.stream()
                    .map(day -> GitLabMapper.commitDay(
                            day.projectId(), named.get(day.projectId()), day.day(), day.pushes()))
                    .toList());
        }
    }

    private Optional<GitLabProject> lookUpProject(Run run, String id) {
        return run.projects.computeIfAbsent(
                id, k -> client.find(run.endpoint, GitLabApi.project(k), GitLabProject.class));
    }

    /**
     * Looks up every stored item the listings did not show, kind by kind: still the user's → written again (an
     * unchanged item is not touched); 404/410 or no longer theirs → reported gone; a commit day whose project is still
     * visible → kept (its pushes may have left the feed by GitLab's event retention).
     */
    private void recheck(Run run, List<String> unlisted) {
        Map<String, List<ItemId>> byKind = new LinkedHashMap<>();
        for (String sourceId : unlisted) {
            ItemId.parse(sourceId)
                    .ifPresent(id -> byKind.computeIfAbsent(id.kind(), k -> new ArrayList<>())
                            .add(id));
        }
        for (Map.Entry<String, List<ItemId>> kind : byKind.entrySet()) {
            for (List<ItemId> chunk : chunks(kind.getValue())) {
                List<Recheck> verdicts = executor.map(chunk, id -> recheck(run, id));
                Recheck.apply(run.sink, chunk.stream().map(ItemId::sourceId).toList(), verdicts);
            }
        }
    }

    private Recheck recheck(Run run, ItemId id) {
        return switch (id.kind()) {
            case GitLabMapper.KIND_MR ->
                client.find(run.endpoint, GitLabApi.mergeRequest(id.project(), id.rest()), GitLabMergeRequest.class)
                        .filter(mr -> mr.merged() && mr.authoredBy(run.me))
                        .map(mr -> Recheck.of(authoredItem(run, mr)))
                        .orElseGet(Recheck::goneAtSource);
            case GitLabMapper.KIND_REVIEW ->
                client.find(run.endpoint, GitLabApi.mergeRequest(id.project(), id.rest()), GitLabMergeRequest.class)
                        .filter(mr -> !mr.authoredBy(run.me))
                        .map(mr -> Recheck.orGone(reviewItem(
                                run,
                                mr,
                                approvedAt(run, mr),
                                // Not (or no longer) a reviewer: only an approval keeps the item.
                                !mr.mayBeReviewedBy(run.me))))
                        .orElseGet(Recheck::goneAtSource);
            case GitLabMapper.KIND_ISSUE ->
                client.find(run.endpoint, GitLabApi.issue(id.project(), id.rest()), GitLabIssue.class)
                        .filter(issue -> closedByMe(run, issue))
                        .map(issue -> Recheck.of(Optional.of(GitLabMapper.issue(issue))))
                        .orElseGet(Recheck::goneAtSource);
            case GitLabMapper.KIND_COMMITS -> commitDay(run, id);
            default -> Recheck.keep();
        };
    }

    /** A commit day not in this run's feed: gone when all its pushes are now in merged MRs or the project is gone. */
    private Recheck commitDay(Run run, ItemId id) {
        if (run.days.onlyCovered(id.project(), id.rest())) {
            return Recheck.goneAtSource();
        }
        return lookUpProject(run, id.project()).isPresent() ? Recheck.keep() : Recheck.goneAtSource();
    }

    /** A sub-resource of a listed object that answered 404/410: the item is skipped, not failed, and noted. */
    private static Optional<SourceItem> skipIfGone(Run run, SourceException e, String sourceId, String what) {
        if (!e.gone()) {
            throw e;
        }
        run.sink.skipped(sourceId, what + " answered " + e.status());
        return Optional.empty();
    }

    private static String mrId(String kind, GitLabMergeRequest mr) {
        return "gitlab:" + kind + ":" + mr.projectId() + ":" + mr.iid();
    }

    private SourceUri events(Run run, String action, String targetType) {
        LocalDate after = run.firstDay == null ? null : run.firstDay.minusDays(2);
        return GitLabApi.events(run.me, action, targetType, after, config.pageSize());
    }

    /** Items that are not from a listing page are written in chunks of the page size, one transaction each. */
    private <T> List<List<T>> chunks(List<T> all) {
        int size = config.pageSize();
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            chunks.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return chunks;
    }

    private static void acceptPresent(PageSink sink, List<Optional<SourceItem>> items) {
        List<SourceItem> present = items.stream().flatMap(Optional::stream).toList();
        if (!present.isEmpty()) {
            sink.accept(present);
        }
    }

    private static Instant approvedAt(Run run, GitLabMergeRequest mr) {
        GitLabEvent event = run.approvals.get(mr.key());
        return event == null ? null : event.createdAt();
    }

    private static GitLabEvent later(GitLabEvent a, GitLabEvent b) {
        return b.createdAt().isAfter(a.createdAt()) ? b : a;
    }

    /** {@code gitlab:<kind>:<project>:<iid or day>}. */
    private record ItemId(String sourceId, String kind, String project, String rest) {
        static Optional<ItemId> parse(String sourceId) {
            String[] parts = sourceId.split(":", 4);
            return parts.length == 4
                    ? Optional.of(new ItemId(sourceId, parts[1], parts[2], parts[3]))
                    : Optional.empty();
        }
    }
}
