package io.pulse.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A self-managed GitLab (REST v4) with one user and their merged merge requests (resources under {@code gitlab/}), on
 * this machine's network address ({@link PackagedStack#sourceHost()}). Every other listing answers an empty last
 * page. Listings answer after a short delay, so a person watching the sync sees it run before it completes.
 */
final class SimulatedGitLab implements AutoCloseable {

    private static final Pattern MERGED_AGO = Pattern.compile("MERGED-(\\d+)D");
    private static final String USER_ID = "7310442";
    /** GitLab's page size as sync-service asks for it ({@code per_page=100}). */
    private static final int PAGE_SIZE = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final String token;

    /** The three merge requests of {@code gitlab/merge_requests.json}, on one page. */
    SimulatedGitLab(String token) {
        this(token, List.of(mergeRequests()), Duration.ofMillis(1500));
    }

    private SimulatedGitLab(String token, List<String> pages, Duration pageDelay) {
        this.token = token;
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress(PackagedStack.sourceHost())
                .containerThreads(32)
                .disableRequestJournal());
        server.start();
        server.stubFor(get(urlPathMatching("/api/v4/.*"))
                .atPriority(10)
                .willReturn(page("[]").withFixedDelay(300)));
        server.stubFor(get(urlPathEqualTo("/api/v4/user"))
                .withHeader("PRIVATE-TOKEN", WireMock.equalTo(token))
                .willReturn(json(resource("gitlab/user.json"))));
        for (int i = 0; i < pages.size(); i++) {
            boolean last = i == pages.size() - 1;
            ResponseDefinitionBuilder answer = json(pages.get(i))
                    .withHeader("X-Page", Integer.toString(i + 1))
                    .withHeader("X-Per-Page", Integer.toString(PAGE_SIZE))
                    .withHeader("X-Next-Page", last ? "" : Integer.toString(i + 2))
                    .withHeader("X-Total-Pages", Integer.toString(pages.size()))
                    .withHeader("RateLimit-Limit", "2000")
                    .withHeader("RateLimit-Remaining", "1990");
            server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                    .withQueryParam("author_id", WireMock.equalTo(USER_ID))
                    .withQueryParam("state", WireMock.equalTo("merged"))
                    .withQueryParam("page", i == 0 ? absent() : WireMock.equalTo(Integer.toString(i + 1)))
                    .willReturn(answer.withFixedDelay((int) pageDelay.toMillis())));
        }
    }

    /**
     * An account with {@code count} merged merge requests, oldest first in pages of 100, each page answered after
     * {@code pageDelay}, each request with its two commits: variations of the three of {@code merge_requests.json},
     * each with its own id, iid, title, commits and dates (one a minute over the last 30 days).
     */
    static SimulatedGitLab withMergeRequests(String token, int count, Duration pageDelay) {
        List<ObjectNode> templates = new ArrayList<>();
        try {
            JSON.readTree(mergeRequests()).forEach(mr -> templates.add((ObjectNode) mr));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant base = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<String> pages = new ArrayList<>();
        ArrayNode page = JSON.createArrayNode();
        for (int n = 0; n < count; n++) {
            ObjectNode mr = templates.get(n % templates.size()).deepCopy();
            int iid = 1000 + n;
            String merged = base.plus(n, ChronoUnit.MINUTES).toString();
            mr.put("id", 310_200_000L + iid);
            mr.put("iid", iid);
            mr.put("title", mr.get("title").asText() + " (part " + (n + 1) + ")");
            mr.put(
                    "created_at",
                    base.plus(n, ChronoUnit.MINUTES).minus(1, ChronoUnit.DAYS).toString());
            mr.put("updated_at", merged);
            mr.put("merged_at", merged);
            mr.put("sha", String.format("%08x", 0x1000_0000 + n));
            mr.put("merge_commit_sha", String.format("%08x", 0x2000_0000 + n));
            mr.put("reference", "!" + iid);
            mr.set(
                    "references",
                    JSON.createObjectNode()
                            .put("short", "!" + iid)
                            .put("relative", "!" + iid)
                            .put("full", "acme/search!" + iid));
            mr.put("web_url", "https://gitlab.example.com/acme/search/-/merge_requests/" + iid);
            page.add(mr);
            if (page.size() == PAGE_SIZE || n == count - 1) {
                pages.add(page.toString());
                page = JSON.createArrayNode();
            }
        }
        SimulatedGitLab gitlab = new SimulatedGitLab(token, pages, pageDelay);
        gitlab.server.stubFor(get(urlPathMatching("/api/v4/projects/3102/merge_requests/\\d+/commits"))
                .willReturn(page(commits())));
        return gitlab;
    }

    String baseUrl() {
        return "http://" + PackagedStack.sourceHost() + ":" + server.port();
    }

    String token() {
        return token;
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Two commits of a merge request, authored by the user. */
    private static String commits() {
        return """
                [{"id": "5e1d7a0c94b2", "short_id": "5e1d7a0c", "title": "Add the covering index and its migration",
                  "message": "Add the covering index and its migration", "author_name": "Alice Martin",
                  "author_email": "alice@example.com", "authored_date": "2026-11-02T09:12:40Z",
                  "created_at": "2026-11-02T09:12:40Z", "parent_ids": ["1a2b3c4d"]},
                 {"id": "8c3f2b1e07d4", "short_id": "8c3f2b1e", "title": "Replace per-row permission lookups with a join",
                  "message": "Replace per-row permission lookups with a join", "author_name": "Alice Martin",
                  "author_email": "alice@example.com", "authored_date": "2026-11-02T14:03:11Z",
                  "created_at": "2026-11-02T14:03:11Z", "parent_ids": ["5e1d7a0c94b2"]}]""";
    }

    /** The merge requests, merged the given number of days ago (so they fall in any sync window). */
    private static String mergeRequests() {
        Matcher m = MERGED_AGO.matcher(resource("gitlab/merge_requests.json"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Instant at = Instant.now()
                    .minus(Long.parseLong(m.group(1)), ChronoUnit.DAYS)
                    .truncatedTo(ChronoUnit.SECONDS);
            m.appendReplacement(out, at.toString());
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A 200 JSON answer, as GitLab gives it. */
    private static ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    /** The paging and rate-limit headers of the last (and only) page of a GitLab list (also for BenchmarkGitLab). */
    static final Map<String, String> LAST_PAGE_HEADERS = lastPageHeaders();

    private static Map<String, String> lastPageHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Page", "1");
        headers.put("X-Per-Page", "100");
        headers.put("X-Next-Page", "");
        headers.put("RateLimit-Limit", "2000");
        headers.put("RateLimit-Remaining", "1990");
        return Collections.unmodifiableMap(headers);
    }

    /** The last (and only) page of a GitLab list, with its paging and rate-limit headers. */
    private static ResponseDefinitionBuilder page(String body) {
        ResponseDefinitionBuilder answer = json(body);
        LAST_PAGE_HEADERS.forEach(answer::withHeader);
        return answer;
    }

    private static String resource(String name) {
        try (InputStream in = SimulatedGitLab.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
