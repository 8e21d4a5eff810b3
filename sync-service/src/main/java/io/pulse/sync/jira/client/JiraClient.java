package io.pulse.sync.jira.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.pulse.sync.connection.Connection;
import io.pulse.sync.http.RunBudget;
import io.pulse.sync.http.SourceEndpoint;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.http.SourceHttp;
import io.pulse.sync.http.SourceJson;
import io.pulse.sync.http.SourceUri;

/**
 * Jira REST calls for both flavours, read into typed records: Cloud (v3, basic auth with e-mail + API token,
 * {@code /search/jql} paged by {@code nextPageToken}) and Data Center / Server (v2, bearer personal access token,
 * {@code /search} paged by {@code startAt}/{@code total}). Retries and rate limits are {@link SourceHttp}'s job.
 */
@ApplicationScoped
public class JiraClient {

    /** The issue fields ingestion reads. */
    public static final String SEARCH_FIELDS = "summary,description,status,priority,resolution,resolutiondate,"
            + "components,labels,assignee,issuetype,project,updated,created,comment,worklog";

    static final int MAX_PAGES = 10_000;
    private static final int ENTRIES_PAGE_SIZE = 100;

    private final SourceHttp http;

    public JiraClient(SourceHttp http) {
        this.http = http;
    }

    /** The endpoint of a sync run for a connection's auth type, within the run's budget. */
    public SourceEndpoint endpoint(
            String authType, URI baseUri, String login, String token, String caBundlePem, RunBudget budget) {
        return http.open("Jira", baseUri, caBundlePem, auth(authType, login, token), budget);
    }

    /** The endpoint of a connection check: at most one retry, within the check timeout. */
    public SourceEndpoint checkEndpoint(String authType, URI baseUri, String login, String token, String caBundlePem) {
        return http.openInteractive("Jira", baseUri, caBundlePem, auth(authType, login, token));
    }

    private static Map<String, String> auth(String authType, String login, String token) {
        String authorization = Connection.JIRA_CLOUD_BASIC.equals(authType)
                ? "Basic " + Base64.getEncoder().encodeToString((login + ":" + token).getBytes(StandardCharsets.UTF_8))
                : "Bearer " + token;
        return Map.of("Authorization", authorization);
    }

    /** One issue with the search's fields, or empty when it is gone or hidden from the user (404 or 410). */
    public Optional<JiraIssue> issue(SourceEndpoint endpoint, boolean cloud, String id) {
        try {
            JiraIssue issue = http.get(endpoint, api(cloud, "issue", id).query("fields", SEARCH_FIELDS))
                    .read(JiraIssue.class);
            return Optional.of(issue);
        } catch (SourceException e) {
            if (e.gone()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code GET /rest/api/{3|2}/myself}: the token's account (accountId on Cloud, key on Data Center). */
    public Account myself(SourceEndpoint endpoint, boolean cloud) {
        JiraUser me = http.get(endpoint, api(cloud, "myself")).read(JiraUser.class);
        String id = cloud ? me.accountId() : nonBlank(me.key(), me.name());
        if (id == null || id.isBlank()) {
            throw new SourceException(SourceException.Kind.REJECTED, 200, "Jira /myself returned no account id");
        }
        return new Account(id, me.displayName(), cloud ? null : me.name(), me.timeZone());
    }

    /** Hands each page of issues of a JQL search to the consumer. */
    public void search(
            SourceEndpoint endpoint, boolean cloud, String jql, int pageSize, Consumer<List<JiraIssue>> pages) {
        SourceUri search = (cloud ? api(true, "search", "jql") : api(false, "search"))
                .query("jql", jql)
                .query("fields", SEARCH_FIELDS)
                .query("maxResults", pageSize);
        if (cloud) {
            searchByToken(endpoint, search, pages);
        } else {
            searchByOffset(endpoint, search, pages);
        }
    }

    private void searchByToken(SourceEndpoint endpoint, SourceUri search, Consumer<List<JiraIssue>> pages) {
        String token = null;
        for (int page = 0; ; page++) {
            guard(page);
            JiraSearchPage body =
                    http.get(endpoint, search.query("nextPageToken", token)).read(JiraSearchPage.class);
            List<JiraIssue> issues = issues(body);
            pages.accept(issues);
            String next = body.nextPageToken() == null ? "" : body.nextPageToken();
            // The last page omits the token (Atlassian) or sends "" (seen in clients' fixtures).
            if (next.isEmpty() || Boolean.TRUE.equals(body.isLast()) || issues.isEmpty()) {
                return;
            }
            if (next.equals(token)) {
                throw new SourceException(SourceException.Kind.REJECTED, 200, "Jira paging repeats a page token");
            }
            token = next;
        }
    }

    private void searchByOffset(SourceEndpoint endpoint, SourceUri search, Consumer<List<JiraIssue>> pages) {
        int startAt = 0;
        for (int page = 0; ; page++) {
            guard(page);
            JiraSearchPage body =
                    http.get(endpoint, search.query("startAt", startAt)).read(JiraSearchPage.class);
            List<JiraIssue> issues = issues(body);
            pages.accept(issues);
            startAt += issues.size();
            if (issues.isEmpty() || startAt >= (body.total() == null ? 0 : body.total())) {
                return;
            }
        }
    }

    /**
     * All comments or worklogs of an issue: the embedded list when it is complete, else every page of the
     * sub-resource ({@code startAt}/{@code total} paging).
     *
     * @param embedded the issue's {@code comment} or {@code worklog} field
     * @param resource {@code comment} or {@code worklog}
     * @param field the list's name inside the resource: {@code comments} or {@code worklogs}
     */
    public <T> List<T> entries(
            SourceEndpoint endpoint,
            boolean cloud,
            JiraIssue issue,
            JsonNode embedded,
            String resource,
            String field,
            Class<T> type) {
        JiraEntries<T> inline = embedded(embedded, field, type);
        if (inline.complete()) {
            return inline.entries();
        }
        List<T> all = new ArrayList<>();
        int startAt = 0;
        for (int page = 0; ; page++) {
            guard(page);
            JsonNode body = http.get(
                            endpoint,
                            api(cloud, "issue", issue.id(), resource)
                                    .query("startAt", startAt)
                                    .query("maxResults", ENTRIES_PAGE_SIZE))
                    .read(JsonNode.class);
            if (!body.path(field).isArray()) {
                throw new SourceException(SourceException.Kind.REJECTED, 200, "Jira response lacks '" + field + "'");
            }
            JiraEntries<T> entries = embedded(body, field, type);
            all.addAll(entries.entries());
            startAt += entries.entries().size();
            if (entries.entries().isEmpty() || startAt >= (entries.total() == null ? 0 : entries.total())) {
                return all;
            }
        }
    }

    /**
     * A wrapped list ({@code {comments: [...], total}}) or a bare one (some recorded examples send that); an absent
     * field is an empty, complete list.
     */
    static <T> JiraEntries<T> embedded(JsonNode container, String field, Class<T> type) {
        if (container == null) {
            return new JiraEntries<>(List.of(), null);
        }
        JsonNode array = container.isArray() ? container : container.path(field);
        List<T> entries = new ArrayList<>(array.size());
        for (JsonNode entry : array) {
            entries.add(SourceJson.MAPPER.convertValue(entry, type));
        }
        JsonNode total = container.path("total");
        return new JiraEntries<>(entries, total.isNumber() ? total.intValue() : null);
    }

    private static List<JiraIssue> issues(JiraSearchPage page) {
        if (page.issues() == null) {
            throw new SourceException(SourceException.Kind.REJECTED, 200, "Jira response lacks 'issues'");
        }
        return page.issues();
    }

    private static SourceUri api(boolean cloud, String... segments) {
        List<Object> path = new ArrayList<>(List.of("rest", "api", cloud ? "3" : "2"));
        path.addAll(List.of(segments));
        return SourceUri.path(path.toArray());
    }

    private static String nonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }

    private static void guard(int page) {
        if (page >= MAX_PAGES) {
            throw new SourceException(
                    SourceException.Kind.REJECTED, 200, "Jira listing exceeded " + MAX_PAGES + " pages");
        }
    }

    /**
     * The identity behind a token.
     *
     * @param id accountId (Cloud) or user key (Data Center)
     * @param login user name on Data Center, null on Cloud
     * @param timeZone the account's time zone, in which JQL interprets dates
     */
    public record Account(String id, String displayName, String login, String timeZone) {}
}
