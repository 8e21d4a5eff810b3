package io.pulse.sync.jira;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.connection.Connection;
import io.pulse.sync.http.SourceEndpoint;
import io.pulse.sync.ingest.Concurrency;
import io.pulse.sync.ingest.EvidenceItem;
import io.pulse.sync.ingest.FetchRequest;
import io.pulse.sync.ingest.PageSink;
import io.pulse.sync.ingest.SourceFetcher;

/**
 * The user's Jira work: resolved issues assigned to them, and their own comments and worklogs on the issues the
 * search returns (assigned-and-resolved issues plus issues they logged work on). JQL compares {@code updated} with
 * the window start written in the account's own time zone, because Jira reads JQL dates in that zone.
 */
@ApplicationScoped
public class JiraFetcher implements SourceFetcher {

    static final String FIELDS = "summary,description,status,priority,resolution,resolutiondate,components,labels,"
            + "assignee,issuetype,project,updated,created,comment,worklog";
    private static final DateTimeFormatter JQL_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    private final JiraClient client;
    private final SyncConfig config;

    public JiraFetcher(JiraClient client, SyncConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public String source() {
        return Connection.JIRA;
    }

    @Override
    public List<String> kinds() {
        return List.of(JiraMapper.KIND_ISSUE, JiraMapper.KIND_COMMENTS, JiraMapper.KIND_WORKLOG);
    }

    @Override
    public void fetch(FetchRequest request, PageSink sink) {
        Connection c = request.connection();
        boolean cloud = Connection.JIRA_CLOUD_BASIC.equals(c.authType());
        SourceEndpoint endpoint = client.endpoint(
                c.authType(), URI.create(c.baseUrl()), c.login(), request.token(), c.caBundlePem(), false);
        // Also checks the token before anything is written.
        JiraClient.Account me = client.myself(endpoint, cloud);
        String jql = jql(request.windowStart(), zone(me.timeZone()));
        ExecutorService pool = Executors.newFixedThreadPool(config.http().concurrency());
        try {
            client.search(
                    endpoint,
                    cloud,
                    jql,
                    FIELDS,
                    config.jira().pageSize(),
                    page -> sink.accept(Concurrency.map(pool, page, issue -> items(endpoint, cloud, c, issue)).stream()
                            .flatMap(List::stream)
                            .toList()));
        } finally {
            pool.shutdownNow();
        }
    }

    static String jql(Instant windowStart, ZoneId zone) {
        String mine = "((assignee = currentUser() AND resolution IS NOT EMPTY) OR worklogAuthor = currentUser())";
        String window = windowStart == null
                ? ""
                // Minutes are JQL's finest unit: round down so the window only grows.
                : " AND updated >= \"" + JQL_TIME.format(windowStart.atZone(zone)) + "\"";
        return mine + window + " ORDER BY updated ASC";
    }

    private List<EvidenceItem> items(SourceEndpoint endpoint, boolean cloud, Connection c, JsonNode issue) {
        JsonNode f = issue.path("fields");
        String me = c.accountId();
        List<EvidenceItem> items = new ArrayList<>(3);
        if (JiraMapper.isAccount(f.path("assignee"), me) && f.hasNonNull("resolution")) {
            items.add(JiraMapper.issue(c.baseUrl(), issue));
        }
        List<JsonNode> comments = entries(endpoint, cloud, issue, f.path("comment"), "comment", "comments").stream()
                .filter(x -> JiraMapper.isAccount(x.path("author"), me))
                .toList();
        if (!comments.isEmpty()) {
            items.add(JiraMapper.comments(c.baseUrl(), issue, comments));
        }
        List<JsonNode> worklogs = entries(endpoint, cloud, issue, f.path("worklog"), "worklog", "worklogs").stream()
                .filter(x -> JiraMapper.isAccount(x.path("author"), me))
                .toList();
        if (!worklogs.isEmpty()) {
            items.add(JiraMapper.worklogs(c.baseUrl(), issue, worklogs));
        }
        return items;
    }

    /** The embedded list, or the whole list from the sub-resource when the search result truncated it. */
    private List<JsonNode> entries(
            SourceEndpoint endpoint, boolean cloud, JsonNode issue, JsonNode embedded, String resource, String field) {
        // The API wraps the list ({comments: [...], total}); some recorded examples send the bare list.
        JsonNode array = embedded.isArray() ? embedded : embedded.path(field);
        if (array.size() >= embedded.path("total").asInt(array.size())) {
            List<JsonNode> list = new ArrayList<>();
            array.forEach(list::add);
            return list;
        }
        return client.issueEntries(endpoint, cloud, issue.path("id").asText(), resource, field);
    }

    private static ZoneId zone(String timeZone) {
        try {
            return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
