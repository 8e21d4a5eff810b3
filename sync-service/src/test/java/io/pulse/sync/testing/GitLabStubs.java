package io.pulse.sync.testing;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** WireMock stubs that behave like GitLab REST v4 listings (paging headers included). */
public final class GitLabStubs {

    public static final long ME = 4088036;
    public static final long OTHER = 2535118;

    private final WireMockServer server;
    private final String token;

    public GitLabStubs(WireMockServer server, String token) {
        this.server = server;
        this.token = token;
    }

    public String baseUrl() {
        return SourceServers.baseUrl(server);
    }

    /** The token's account, plus an empty events feed as the fallback for every events listing. */
    public void user() {
        server.stubFor(get("/api/v4/user")
                .withHeader("PRIVATE-TOKEN", WireMock.equalTo(token))
                .willReturn(okJson(Fixtures.load("gitlab/user.json").toString())));
        noEvents();
    }

    /** {@code GET /users/:id/events} answers an empty last page for any action (lowest priority). */
    public void noEvents() {
        server.stubFor(get(urlPathMatching("/api/v4/users/[0-9]+/events"))
                .atPriority(10)
                .willReturn(page(List.of()).withHeader("X-Next-Page", "")));
    }

    /** The user's events of one {@code action}, served over as many pages as given. */
    public void events(String action, List<List<ObjectNode>> pages) {
        listing("/api/v4/users/" + ME + "/events", "action", action, pages);
    }

    /** {@code GET /projects/:id/merge_requests/:iid}. */
    public void mergeRequest(ObjectNode mr) {
        server.stubFor(
                get(urlPathEqualTo("/api/v4/projects/" + mr.get("project_id").asText() + "/merge_requests/"
                                + mr.get("iid").asText()))
                        .willReturn(okJson(mr.toString())));
    }

    /** {@code GET /projects/:id/issues/:iid}. */
    public void issue(ObjectNode issue) {
        server.stubFor(
                get(urlPathEqualTo("/api/v4/projects/" + issue.get("project_id").asText() + "/issues/"
                                + issue.get("iid").asText()))
                        .willReturn(okJson(issue.toString())));
    }

    /** {@code GET /projects/:id}. */
    public void project(ObjectNode project) {
        server.stubFor(
                get(urlPathEqualTo("/api/v4/projects/" + project.get("id").asText()))
                        .willReturn(okJson(project.toString())));
    }

    /** Merged MRs authored by {@link #ME}, served over as many pages as given. */
    public void authored(List<List<ObjectNode>> pages) {
        listing("/api/v4/merge_requests", "author_id", pages);
    }

    public void reviewed(List<List<ObjectNode>> pages) {
        listing("/api/v4/merge_requests", "reviewer_id", pages);
    }

    public void commits(long projectId, long iid, List<ObjectNode> commits) {
        server.stubFor(get(urlPathEqualTo("/api/v4/projects/" + projectId + "/merge_requests/" + iid + "/commits"))
                .willReturn(page(commits).withHeader("X-Next-Page", "")));
    }

    public void notes(long projectId, long iid, List<ObjectNode> notes) {
        server.stubFor(get(urlPathEqualTo("/api/v4/projects/" + projectId + "/merge_requests/" + iid + "/notes"))
                .willReturn(page(notes).withHeader("X-Next-Page", "")));
    }

    /**
     * Page 1 answers without a page parameter and links the next page with {@code Link: rel="next"} (plus
     * X-Next-Page); later pages only send {@code X-Next-Page} (empty on the last), as GitLab does over 10k records
     * when X-Total is gone.
     */
    public void listing(String path, String filter, List<List<ObjectNode>> pages) {
        listing(path, filter, Long.toString(ME), pages);
    }

    /** As {@link #listing(String, String, List)} for requests whose {@code filter} parameter equals {@code value}. */
    public void listing(String path, String filter, String value, List<List<ObjectNode>> pages) {
        for (int i = 0; i < pages.size(); i++) {
            int number = i + 1;
            boolean last = number == pages.size();
            MappingBuilder request = get(urlPathEqualTo(path))
                    .withQueryParam(filter, WireMock.equalTo(value))
                    .withQueryParam("page", number == 1 ? absent() : WireMock.equalTo(Integer.toString(number)));
            ResponseDefinitionBuilder response = page(pages.get(i))
                    .withHeader("X-Page", Integer.toString(number))
                    .withHeader("X-Per-Page", "100")
                    .withHeader("X-Next-Page", last ? "" : Integer.toString(number + 1));
            if (number == 1 && !last) {
                response = response.withHeader(
                        "Link",
                        "<" + baseUrl() + path + "?" + filter + "=" + value
                                + "&page=2&per_page=100&scope=all>; rel=\"next\", <" + baseUrl() + path
                                + "?page=1>; rel=\"first\"");
            }
            server.stubFor(request.willReturn(response));
        }
    }

    public static ResponseDefinitionBuilder page(List<ObjectNode> items) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("RateLimit-Limit", "2000")
                .withHeader("RateLimit-Remaining", "1990")
                .withBody(Fixtures.array(items));
    }
}
