package io.pulse.sync.jira.service;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.evidence.SourceItem;
import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.connection.Connection;
import io.pulse.sync.http.SourceEndpoint;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.ingest.FetchExecutor;
import io.pulse.sync.ingest.FetchRequest;
import io.pulse.sync.ingest.FetchSummary;
import io.pulse.sync.ingest.PageSink;
import io.pulse.sync.ingest.SourceFetcher;
import io.pulse.sync.jira.client.JiraClient;
import io.pulse.sync.jira.client.JiraComment;
import io.pulse.sync.jira.client.JiraIssue;
import io.pulse.sync.jira.client.JiraWorklog;
import io.pulse.sync.jira.mapping.JiraMapper;

/**
 * The user's Jira work: resolved issues assigned to them, and their own comments and worklogs on the issues the
 * search returns (assigned-and-resolved issues plus issues they logged work on). JQL compares {@code updated} with
 * the window start written in the account's own time zone, because Jira reads JQL dates in that zone.
 *
 * <p>The search is ordered by creation, which never changes: ordered by update, an issue commented on or reopened
 * while the pages are read moves to the end and Data Center's {@code startAt} pages shift, hiding an issue. Pages can
 * still shift when an issue leaves the result mid-run, so every stored item of the window that the search did not show
 * is looked up by its issue before the run ends: items the issue still yields are written again, the others are gone
 * (the issue answers 404/410, or it no longer yields that item for the user). A 404 on an issue's comment or worklog
 * list skips that item (kept as stored, named in the job's result).
 */
@ApplicationScoped
public class JiraFetcher implements SourceFetcher {

    private static final DateTimeFormatter JQL_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    private final JiraClient client;
    private final FetchExecutor executor;
    private final SyncConfig.Jira config;

    public JiraFetcher(JiraClient client, FetchExecutor executor, SyncConfig config) {
        this.client = client;
        this.executor = executor;
        this.config = config.jira();
    }

    /** One run's fixed inputs. */
    private record Run(SourceEndpoint endpoint, boolean cloud, Connection connection, PageSink sink) {}

    @Override
    public String source() {
        return Connection.JIRA;
    }

    @Override
    public List<String> kinds() {
        return List.of(JiraMapper.KIND_ISSUE, JiraMapper.KIND_COMMENTS, JiraMapper.KIND_WORKLOG);
    }

    @Override
    public FetchSummary fetch(FetchRequest request, PageSink sink) {
        Connection c = request.connection();
        boolean cloud = Connection.JIRA_CLOUD_BASIC.equals(c.authType());
        SourceEndpoint endpoint = client.endpoint(
                c.authType(), URI.create(c.baseUrl()), c.login(), request.token(), c.caBundlePem(), request.budget());
        // Also checks the token before anything is written.
        JiraClient.Account me = client.myself(endpoint, cloud);
        Run run = new Run(endpoint, cloud, c, sink);
        client.search(
                endpoint,
                cloud,
                jql(request.windowStart(), zone(me.timeZone())),
                config.pageSize(),
                page -> sink.accept(executor.map(page, issue -> items(run, issue)).stream()
                        .flatMap(List::stream)
                        .toList()));
        recheck(run, sink.unlisted());
        return new FetchSummary(endpoint.requestCount());
    }

    static String jql(Instant windowStart, ZoneId zone) {
        String mine = "((assignee = currentUser() AND resolution IS NOT EMPTY) OR worklogAuthor = currentUser())";
        String window = windowStart == null
                ? ""
                // Minutes are JQL's finest unit: round down so the window only grows.
                : " AND updated >= \"" + JQL_TIME.format(windowStart.atZone(zone)) + "\"";
        return mine + window + " ORDER BY created ASC, key ASC";
    }

    /** The issue's items for the user: the issue itself when resolved and theirs, their comments, their worklogs. */
    private List<SourceItem> items(Run run, JiraIssue issue) {
        JiraIssue.Fields f = issue.fields();
        String me = run.connection().accountId();
        String baseUrl = run.connection().baseUrl();
        List<SourceItem> items = new ArrayList<>(3);
        if (f.assignee() != null && f.assignee().is(me) && f.resolution() != null) {
            items.add(JiraMapper.issue(baseUrl, issue));
        }
        entries(run, issue, f.comment(), "comment", "comments", JiraComment.class, JiraMapper.KIND_COMMENTS)
                .map(all -> all.stream()
                        .filter(x -> x.author() != null && x.author().is(me))
                        .toList())
                .filter(mine -> !mine.isEmpty())
                .ifPresent(mine -> items.add(JiraMapper.comments(baseUrl, issue, mine)));
        entries(run, issue, f.worklog(), "worklog", "worklogs", JiraWorklog.class, JiraMapper.KIND_WORKLOG)
                .map(all -> all.stream()
                        .filter(x -> x.author() != null && x.author().is(me))
                        .toList())
                .filter(mine -> !mine.isEmpty())
                .ifPresent(mine -> items.add(JiraMapper.worklogs(baseUrl, issue, mine)));
        return items;
    }

    /** An issue's comments or worklogs; empty (and the item skipped) when the sub-resource answers 404/410. */
    private <T> Optional<List<T>> entries(
            Run run,
            JiraIssue issue,
            com.fasterxml.jackson.databind.JsonNode embedded,
            String resource,
            String field,
            Class<T> type,
            String kind) {
        try {
            return Optional.of(client.entries(run.endpoint(), run.cloud(), issue, embedded, resource, field, type));
        } catch (SourceException e) {
            if (!e.gone()) {
                throw e;
            }
            run.sink().skipped(JiraMapper.sourceId(kind, issue), "its " + resource + " list answered " + e.status());
            return Optional.empty();
        }
    }

    /** Looks up the issues behind the stored items the search did not show (see the class comment). */
    private void recheck(Run run, List<String> unlisted) {
        Map<String, List<String>> byIssue = new LinkedHashMap<>();
        for (String sourceId : unlisted) {
            String[] parts = sourceId.split(":", 3);
            if (parts.length == 3) {
                byIssue.computeIfAbsent(parts[2], k -> new ArrayList<>()).add(sourceId);
            }
        }
        List<String> ids = new ArrayList<>(byIssue.keySet());
        for (int from = 0; from < ids.size(); from += config.pageSize()) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + config.pageSize()));
            List<Optional<List<SourceItem>>> found = executor.map(
                    chunk, id -> client.issue(run.endpoint(), run.cloud(), id).map(issue -> items(run, issue)));
            List<SourceItem> present = new ArrayList<>();
            List<String> gone = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                List<SourceItem> items = found.get(i).orElse(List.of());
                Set<String> yielded = items.stream().map(SourceItem::sourceId).collect(Collectors.toSet());
                present.addAll(items);
                // Skipped items are kept by the run whatever is reported here.
                byIssue.get(chunk.get(i)).stream()
                        .filter(Predicate.not(yielded::contains))
                        .forEach(gone::add);
            }
            if (!present.isEmpty()) {
                run.sink().accept(present);
            }
            if (!gone.isEmpty()) {
                run.sink().gone(gone);
            }
        }
    }

    private static ZoneId zone(String timeZone) {
        try {
            return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
