package io.pulse.sync.gitlab;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.connection.Connection;
import io.pulse.sync.http.SourceEndpoint;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.ingest.Concurrency;
import io.pulse.sync.ingest.EvidenceItem;
import io.pulse.sync.ingest.FetchRequest;
import io.pulse.sync.ingest.PageSink;
import io.pulse.sync.ingest.SourceFetcher;

/**
 * The user's GitLab work, in this order:
 *
 * <ol>
 *   <li>their approval events ({@code /users/:id/events?action=approved&target_type=merge_request}), collected
 *       first so reviewed MRs can be marked approved;
 *   <li>merged MRs they authored (with their commits), {@code updated_after} = window start;
 *   <li>MRs they are reviewer of, {@code updated_after} = window start, with their own comments and approval;
 *   <li>MRs they approved without being listed as reviewer (from the approval events), fetched one by one;
 *   <li>issues they closed ({@code action=closed&target_type=issue} events), each fetched and kept only while it is
 *       still closed and was last closed by them;
 *   <li>their pushes ({@code action=pushed} events) grouped into one item per project per UTC day, leaving out
 *       pushes whose head commit belongs to one of their merged MRs listed in this run.
 * </ol>
 *
 * <p>Events are requested with {@code after} = two days before the window start's UTC date ({@code after} is an
 * exclusive date in the server's time zone), so every UTC day from the window start's day on is complete; push days
 * before it are dropped as possibly partial. Per-item sub-requests run with bounded concurrency.
 */
@ApplicationScoped
public class GitLabFetcher implements SourceFetcher {

    private static final Logger LOG = Logger.getLogger(GitLabFetcher.class);

    private final GitLabClient client;
    private final SyncConfig config;

    public GitLabFetcher(GitLabClient client, SyncConfig config) {
        this.client = client;
        this.config = config;
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
    public void fetch(FetchRequest request, PageSink sink) {
        Connection connection = request.connection();
        SourceEndpoint endpoint =
                client.endpoint(URI.create(connection.baseUrl()), request.token(), connection.caBundlePem(), false);
        String myId = connection.accountId();
        String me = URLEncoder.encode(myId, StandardCharsets.UTF_8);
        int pageSize = config.gitlab().pageSize();
        String window = request.windowStart() == null
                ? ""
                : "&updated_after=" + URLEncoder.encode(request.windowStart().toString(), StandardCharsets.UTF_8);
        String paging = "&order_by=updated_at&sort=asc&per_page=" + pageSize;
        LocalDate firstDay = request.windowStart() == null
                ? null
                : request.windowStart().atOffset(ZoneOffset.UTC).toLocalDate();
        String events = "/api/v4/users/" + me + "/events?sort=asc&per_page=" + pageSize
                + (firstDay == null ? "" : "&after=" + firstDay.minusDays(2));
        ExecutorService pool = Executors.newFixedThreadPool(config.http().concurrency());
        try {
            Map<String, JsonNode> approvals = new LinkedHashMap<>();
            client.forEachPage(endpoint, events + "&action=approved&target_type=merge_request", page -> {
                for (JsonNode event : page) {
                    mrKey(event).ifPresent(key -> approvals.merge(key, event, GitLabFetcher::later));
                }
            });

            Set<String> covered = ConcurrentHashMap.newKeySet();
            client.forEachPage(
                    endpoint,
                    "/api/v4/merge_requests?scope=all&state=merged&author_id=" + me + window + paging,
                    page -> sink.accept(Concurrency.map(pool, page, mr -> authored(endpoint, mr, covered))));

            Set<String> reviewed = new HashSet<>();
            client.forEachPage(
                    endpoint, "/api/v4/merge_requests?scope=all&reviewer_id=" + me + window + paging, page -> {
                        List<JsonNode> others = page.stream()
                                .filter(mr -> !myId.equals(
                                        mr.path("author").path("id").asText()))
                                .toList();
                        others.forEach(mr -> reviewed.add(key(mr.path("project_id"), mr.path("iid"))));
                        sink.accept(Concurrency.map(
                                pool,
                                others,
                                mr -> review(endpoint, mr, myId, approvedAt(approvals, mr), false)
                                        .orElseThrow()));
                    });

            List<JsonNode> approvedOnly = approvals.entrySet().stream()
                    .filter(e -> !reviewed.contains(e.getKey()))
                    .map(Map.Entry::getValue)
                    .toList();
            for (int from = 0; from < approvedOnly.size(); from += pageSize) {
                List<JsonNode> chunk = approvedOnly.subList(from, Math.min(approvedOnly.size(), from + pageSize));
                acceptNonEmpty(sink, Concurrency.map(pool, chunk, event -> approvedOnly(endpoint, event, myId)));
            }

            Set<String> closed = new HashSet<>();
            client.forEachPage(endpoint, events + "&action=closed&target_type=issue", page -> {
                List<String> fresh = new ArrayList<>();
                for (JsonNode event : page) {
                    issueKey(event).filter(closed::add).ifPresent(fresh::add);
                }
                acceptNonEmpty(sink, Concurrency.map(pool, fresh, key -> closedIssue(endpoint, key, myId)));
            });

            PushDays days = new PushDays(firstDay, covered);
            client.forEachPage(endpoint, events + "&action=pushed", page -> page.forEach(days::add));
            List<PushDays.Day> all = days.days();
            List<String> projectIds =
                    all.stream().map(PushDays.Day::projectId).distinct().toList();
            List<Optional<JsonNode>> found = Concurrency.map(pool, projectIds, id -> project(endpoint, id));
            Map<String, JsonNode> projects = new HashMap<>();
            for (int i = 0; i < projectIds.size(); i++) {
                String id = projectIds.get(i);
                found.get(i).ifPresent(project -> projects.put(id, project));
            }
            for (int from = 0; from < all.size(); from += pageSize) {
                sink.accept(all.subList(from, Math.min(all.size(), from + pageSize)).stream()
                        .map(day -> GitLabMapper.commitDay(
                                day.projectId(), projects.get(day.projectId()), day.day(), day.pushes()))
                        .toList());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void acceptNonEmpty(PageSink sink, List<Optional<EvidenceItem>> items) {
        List<EvidenceItem> present = items.stream().flatMap(Optional::stream).toList();
        if (!present.isEmpty()) {
            sink.accept(present);
        }
    }

    private EvidenceItem authored(SourceEndpoint endpoint, JsonNode mr, Set<String> covered) {
        List<JsonNode> commits = config.gitlab().includeCommits()
                ? client.all(
                        endpoint,
                        mrPath(mr) + "/commits?per_page=" + config.gitlab().pageSize())
                : List.of();
        for (String field : List.of("sha", "merge_commit_sha", "squash_commit_sha")) {
            String sha = GitLabMapper.text(mr, field);
            if (!sha.isEmpty()) {
                covered.add(sha);
            }
        }
        commits.forEach(c -> covered.add(GitLabMapper.text(c, "id")));
        return GitLabMapper.mergeRequest(mr, commits);
    }

    /**
     * The review item of an MR: the user's own comments (system notes dropped) and whether they approved it. The
     * approval comes from their latest approve/unapprove system note on the MR (stable across runs), else from an
     * approval event of this run's window. Empty when {@code requireApproval} and the MR is not approved by them.
     */
    private Optional<EvidenceItem> review(
            SourceEndpoint endpoint, JsonNode mr, String me, Instant eventApprovedAt, boolean requireApproval) {
        List<JsonNode> notes =
                client.all(endpoint, mrPath(mr) + "/notes?sort=asc&order_by=created_at&per_page=100").stream()
                        .filter(n -> me.equals(n.path("author").path("id").asText()))
                        .toList();
        List<JsonNode> comments =
                notes.stream().filter(n -> !n.path("system").asBoolean(false)).toList();
        Optional<JsonNode> lastApprovalNote = notes.stream()
                .filter(n -> n.path("system").asBoolean(false))
                .filter(n -> GitLabMapper.approvalNote(n) != 0)
                .max(Comparator.comparing(n -> GitLabMapper.time(n, "created_at")));
        Instant approvedAt;
        if (lastApprovalNote.isEmpty()) {
            approvedAt = eventApprovedAt;
        } else if (GitLabMapper.approvalNote(lastApprovalNote.get()) > 0) {
            approvedAt = GitLabMapper.time(lastApprovalNote.get(), "created_at");
        } else {
            // Withdrawn after the last approval.
            approvedAt = null;
        }
        if (requireApproval && approvedAt == null) {
            return Optional.empty();
        }
        return Optional.of(GitLabMapper.review(mr, comments, approvedAt));
    }

    /** An MR the user approved without being its reviewer (or whose reviewer listing lies outside the window). */
    private Optional<EvidenceItem> approvedOnly(SourceEndpoint endpoint, JsonNode event, String me) {
        String path = "/api/v4/projects/" + event.path("project_id").asText() + "/merge_requests/"
                + event.path("target_iid").asText();
        Optional<JsonNode> mr = optional(endpoint, path);
        if (mr.isEmpty() || me.equals(mr.get().path("author").path("id").asText())) {
            return Optional.empty();
        }
        return review(endpoint, mr.get(), me, GitLabMapper.time(event, "created_at"), true);
    }

    /** An issue from one of the user's close events, if it is still closed and they closed it last. */
    private Optional<EvidenceItem> closedIssue(SourceEndpoint endpoint, String key, String me) {
        String[] parts = key.split(":");
        Optional<JsonNode> issue = optional(endpoint, "/api/v4/projects/" + parts[0] + "/issues/" + parts[1]);
        if (issue.isEmpty() || !"closed".equals(GitLabMapper.text(issue.get(), "state"))) {
            return Optional.empty();
        }
        JsonNode closedBy = issue.get().path("closed_by");
        if (closedBy.hasNonNull("id") && !me.equals(closedBy.get("id").asText())) {
            return Optional.empty();
        }
        return Optional.of(GitLabMapper.issue(issue.get()));
    }

    private Optional<JsonNode> project(SourceEndpoint endpoint, String projectId) {
        return optional(endpoint, "/api/v4/projects/" + projectId);
    }

    /** A single object, or empty when it is gone or hidden from the user (404). */
    private Optional<JsonNode> optional(SourceEndpoint endpoint, String path) {
        try {
            return Optional.of(client.object(endpoint, path));
        } catch (SourceException e) {
            if (e.status() == 404) {
                LOG.debugf("GitLab %s is gone or not visible; skipped", path);
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Instant approvedAt(Map<String, JsonNode> approvals, JsonNode mr) {
        JsonNode event = approvals.get(key(mr.path("project_id"), mr.path("iid")));
        return event == null ? null : GitLabMapper.time(event, "created_at");
    }

    private static JsonNode later(JsonNode a, JsonNode b) {
        return GitLabMapper.time(b, "created_at").isAfter(GitLabMapper.time(a, "created_at")) ? b : a;
    }

    private static Optional<String> mrKey(JsonNode event) {
        return "MergeRequest"
                        .equalsIgnoreCase(event.path("target_type").asText().replace("_", ""))
                ? targetKey(event)
                : Optional.empty();
    }

    private static Optional<String> issueKey(JsonNode event) {
        return "Issue".equalsIgnoreCase(event.path("target_type").asText()) ? targetKey(event) : Optional.empty();
    }

    private static Optional<String> targetKey(JsonNode event) {
        if (!event.hasNonNull("project_id") || !event.hasNonNull("target_iid") || !event.hasNonNull("created_at")) {
            return Optional.empty();
        }
        return Optional.of(key(event.get("project_id"), event.get("target_iid")));
    }

    private static String key(JsonNode projectId, JsonNode iid) {
        return projectId.asText() + ":" + iid.asText();
    }

    private static String mrPath(JsonNode mr) {
        return "/api/v4/projects/" + mr.path("project_id").asText() + "/merge_requests/"
                + mr.path("iid").asText();
    }

    /** Push events grouped per project and UTC day; pushes already covered by the user's MRs are left out. */
    static final class PushDays {

        private final LocalDate firstDay;
        private final Set<String> covered;
        private final Map<String, Day> days = new TreeMap<>();

        PushDays(LocalDate firstDay, Set<String> covered) {
            this.firstDay = firstDay;
            this.covered = covered;
        }

        void add(JsonNode event) {
            JsonNode push = event.path("push_data");
            if (!push.isObject()
                    || !event.hasNonNull("project_id")
                    || !event.hasNonNull("created_at")
                    || push.path("commit_count").asInt(0) <= 0
                    || "removed".equals(push.path("action").asText())
                    || "tag".equals(push.path("ref_type").asText())
                    || covered.contains(push.path("commit_to").asText())) {
                return;
            }
            LocalDate day = GitLabMapper.time(event, "created_at")
                    .atOffset(ZoneOffset.UTC)
                    .toLocalDate();
            if (firstDay != null && day.isBefore(firstDay)) {
                return;
            }
            String projectId = event.get("project_id").asText();
            days.computeIfAbsent(projectId + ":" + day, k -> new Day(projectId, day, new ArrayList<>()))
                    .pushes()
                    .add(event);
        }

        List<Day> days() {
            return List.copyOf(days.values());
        }

        /** One project's pushes on one UTC day. */
        record Day(String projectId, LocalDate day, List<JsonNode> pushes) {}
    }
}
