package io.pulse.sync.jira;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.pulse.sync.connection.Connection;
import io.pulse.sync.http.SourceEndpoint;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.http.SourceHttp;

/**
 * Jira REST calls for both flavours: Cloud (v3, basic auth with e-mail + API token, {@code /search/jql} paged by
 * {@code nextPageToken}) and Data Center / Server (v2, bearer personal access token, {@code /search} paged by
 * {@code startAt}/{@code total}). Retries and rate limits are {@link SourceHttp}'s job.
 */
@ApplicationScoped
public class JiraClient {

    static final int MAX_PAGES = 10_000;

    private final SourceHttp http;

    public JiraClient(SourceHttp http) {
        this.http = http;
    }

    /** The endpoint for a connection's auth type; interactive endpoints retry at most once. */
    public SourceEndpoint endpoint(
            String authType, URI baseUri, String login, String token, String caBundlePem, boolean interactive) {
        String authorization = Connection.JIRA_CLOUD_BASIC.equals(authType)
                ? "Basic " + Base64.getEncoder().encodeToString((login + ":" + token).getBytes(StandardCharsets.UTF_8))
                : "Bearer " + token;
        Map<String, String> auth = Map.of("Authorization", authorization);
        return interactive
                ? http.openInteractive("Jira", baseUri, caBundlePem, auth)
                : http.open("Jira", baseUri, caBundlePem, auth);
    }

    /** {@code GET /rest/api/{3|2}/myself}: the token's account (accountId on Cloud, key on Data Center). */
    public Account myself(SourceEndpoint endpoint, boolean cloud) {
        JsonNode me =
                http.get(endpoint, "/rest/api/" + version(cloud) + "/myself").json();
        String id = cloud
                ? me.path("accountId").asText(null)
                : nonBlank(me.path("key").asText(""), me.path("name").asText(""));
        if (id == null || id.isBlank()) {
            throw new SourceException(SourceException.Kind.REJECTED, 200, "Jira /myself returned no account id");
        }
        return new Account(
                id,
                me.path("displayName").asText(null),
                cloud ? null : me.path("name").asText(null),
                me.path("timeZone").asText(null));
    }

    /** Hands each page of issues of a JQL search to the consumer. */
    public void search(
            SourceEndpoint endpoint,
            boolean cloud,
            String jql,
            String fields,
            int pageSize,
            Consumer<List<JsonNode>> pages) {
        String base = "/rest/api/" + version(cloud) + (cloud ? "/search/jql" : "/search") + "?jql=" + encode(jql)
                + "&fields=" + encode(fields) + "&maxResults=" + pageSize;
        if (cloud) {
            String token = null;
            for (int page = 0; ; page++) {
                guard(page);
                JsonNode body = http.get(endpoint, base + (token == null ? "" : "&nextPageToken=" + encode(token)))
                        .json();
                List<JsonNode> issues = list(body, "issues");
                pages.accept(issues);
                String next = body.path("nextPageToken").asText("");
                // The last page omits the token (Atlassian) or sends "" (seen in clients' fixtures).
                if (next.isEmpty() || body.path("isLast").asBoolean(false) || issues.isEmpty()) {
                    return;
                }
                if (next.equals(token)) {
                    throw new SourceException(SourceException.Kind.REJECTED, 200, "Jira paging repeats a page token");
                }
                token = next;
            }
        }
        int startAt = 0;
        for (int page = 0; ; page++) {
            guard(page);
            JsonNode body = http.get(endpoint, base + "&startAt=" + startAt).json();
            List<JsonNode> issues = list(body, "issues");
            pages.accept(issues);
            startAt += issues.size();
            if (issues.isEmpty() || startAt >= body.path("total").asInt(0)) {
                return;
            }
        }
    }

    /**
     * All entries of an issue's comments or worklogs ({@code startAt}/{@code total} paging), for issues whose
     * embedded list in the search result was truncated.
     */
    public List<JsonNode> issueEntries(
            SourceEndpoint endpoint, boolean cloud, String issueId, String resource, String arrayField) {
        List<JsonNode> all = new ArrayList<>();
        int startAt = 0;
        for (int page = 0; ; page++) {
            guard(page);
            JsonNode body = http.get(
                            endpoint,
                            "/rest/api/" + version(cloud) + "/issue/" + encode(issueId) + "/" + resource + "?startAt="
                                    + startAt + "&maxResults=100")
                    .json();
            List<JsonNode> entries = list(body, arrayField);
            all.addAll(entries);
            startAt += entries.size();
            if (entries.isEmpty() || startAt >= body.path("total").asInt(0)) {
                return all;
            }
        }
    }

    private static String nonBlank(String first, String second) {
        return !first.isBlank() ? first : second;
    }

    private static List<JsonNode> list(JsonNode body, String field) {
        JsonNode array = body.path(field);
        if (!array.isArray()) {
            throw new SourceException(SourceException.Kind.REJECTED, 200, "Jira response lacks '" + field + "'");
        }
        List<JsonNode> items = new ArrayList<>(array.size());
        array.forEach(items::add);
        return items;
    }

    private static void guard(int page) {
        if (page >= MAX_PAGES) {
            throw new SourceException(
                    SourceException.Kind.REJECTED, 200, "Jira listing exceeded " + MAX_PAGES + " pages");
        }
    }

    private static String version(boolean cloud) {
        return cloud ? "3" : "2";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
