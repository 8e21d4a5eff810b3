package io.pulse.sync.gitlab;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.pulse.sync.http.SourceEndpoint;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.http.SourceHttp;
import io.pulse.sync.http.SourceResponse;

/**
 * GitLab REST v4 calls. Paging follows {@code Link: rel="next"} (same server only), else {@code X-Next-Page}; it
 * never relies on {@code X-Total}, which GitLab omits above 10,000 records. Retries and rate limits are
 * {@link SourceHttp}'s job.
 */
@ApplicationScoped
public class GitLabClient {

    /** Upper bound on pages of one listing, against servers that keep sending a next page. */
    static final int MAX_PAGES = 10_000;

    private final SourceHttp http;

    public GitLabClient(SourceHttp http) {
        this.http = http;
    }

    /** The endpoint for a personal access token; interactive endpoints retry at most once. */
    public SourceEndpoint endpoint(URI baseUri, String token, String caBundlePem, boolean interactive) {
        Map<String, String> auth = Map.of("PRIVATE-TOKEN", token);
        return interactive
                ? http.openInteractive("GitLab", baseUri, caBundlePem, auth)
                : http.open("GitLab", baseUri, caBundlePem, auth);
    }

    /** {@code GET /api/v4/user}: the token's own account. */
    public Account currentUser(SourceEndpoint endpoint) {
        JsonNode user = http.get(endpoint, "/api/v4/user").json();
        if (!user.hasNonNull("id")) {
            throw new SourceException(SourceException.Kind.REJECTED, 200, "GitLab /api/v4/user returned no user id");
        }
        return new Account(
                user.get("id").asText(),
                user.path("username").asText(null),
                user.path("name").asText(null));
    }

    /** Hands each page of a JSON-array listing to the consumer, in order. */
    public void forEachPage(SourceEndpoint endpoint, String pathAndQuery, Consumer<List<JsonNode>> pageConsumer) {
        URI next = endpoint.resolve(pathAndQuery);
        for (int pages = 0; next != null; pages++) {
            if (pages >= MAX_PAGES) {
                throw new SourceException(
                        SourceException.Kind.REJECTED, 200, "GitLab listing exceeded " + MAX_PAGES + " pages");
            }
            SourceResponse response = http.get(endpoint, next);
            JsonNode body = response.json();
            if (!body.isArray()) {
                throw new SourceException(
                        SourceException.Kind.REJECTED,
                        response.status(),
                        "GitLab " + next.getPath() + " returned no list");
            }
            List<JsonNode> items = new ArrayList<>(body.size());
            body.forEach(items::add);
            pageConsumer.accept(items);
            URI following = nextPage(response).orElse(null);
            if (following != null && following.equals(next)) {
                throw new SourceException(
                        SourceException.Kind.REJECTED, response.status(), "GitLab paging repeats " + next.getPath());
            }
            next = items.isEmpty() ? null : following;
        }
    }

    /** One JSON object, e.g. {@code GET /projects/:id/issues/:iid}; a 404 surfaces as a {@link SourceException}. */
    public JsonNode object(SourceEndpoint endpoint, String pathAndQuery) {
        SourceResponse response = http.get(endpoint, pathAndQuery);
        JsonNode body = response.json();
        if (!body.isObject()) {
            throw new SourceException(
                    SourceException.Kind.REJECTED,
                    response.status(),
                    "GitLab " + response.uri().getPath() + " returned no object");
        }
        return body;
    }

    /** Every item of a listing (for small per-item sub-resources such as an MR's notes). */
    public List<JsonNode> all(SourceEndpoint endpoint, String pathAndQuery) {
        List<JsonNode> all = new ArrayList<>();
        forEachPage(endpoint, pathAndQuery, all::addAll);
        return all;
    }

    private static Optional<URI> nextPage(SourceResponse response) {
        Optional<URI> link = response.linkNext();
        if (link.isPresent()) {
            return link;
        }
        return response.header("X-Next-Page").map(page -> withPage(response.uri(), page));
    }

    private static URI withPage(URI current, String page) {
        if (!page.chars().allMatch(Character::isDigit)) {
            throw new SourceException(SourceException.Kind.REJECTED, 200, "GitLab sent a malformed X-Next-Page");
        }
        String query = current.getRawQuery() == null ? "" : current.getRawQuery();
        StringBuilder rebuilt = new StringBuilder();
        for (String part : query.split("&")) {
            if (!part.isEmpty() && !part.startsWith("page=")) {
                rebuilt.append(rebuilt.length() == 0 ? "" : "&").append(part);
            }
        }
        rebuilt.append(rebuilt.length() == 0 ? "" : "&").append("page=").append(page);
        return URI.create(
                current.getScheme() + "://" + current.getRawAuthority() + current.getRawPath() + "?" + rebuilt);
    }

    /** The identity behind a token. */
    public record Account(String id, String username, String name) {}
}
