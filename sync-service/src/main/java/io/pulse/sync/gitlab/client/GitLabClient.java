package io.pulse.sync.gitlab.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.pulse.sync.http.RunBudget;
import io.pulse.sync.http.SourceEndpoint;
import io.pulse.sync.http.SourceException;
import io.pulse.sync.http.SourceHttp;
import io.pulse.sync.http.SourceResponse;
import io.pulse.sync.http.SourceUri;

/**
 * GitLab REST v4 calls, read into typed records. Paging follows {@code Link: rel="next"} when it points at the same
 * server, else {@code X-Next-Page}; it never relies on {@code X-Total}, which GitLab omits above 10,000 records. Retries and rate
 * limits are {@link SourceHttp}'s job.
 */
@ApplicationScoped
public class GitLabClient {

    /** Upper bound on pages of one listing, against servers that keep sending a next page. */
    static final int MAX_PAGES = 10_000;

    private static final Logger LOG = Logger.getLogger(GitLabClient.class);

    private final SourceHttp http;

    public GitLabClient(SourceHttp http) {
        this.http = http;
    }

    /** The endpoint of a sync run with a personal access token, within the run's budget. */
    public SourceEndpoint endpoint(URI baseUri, String token, String caBundlePem, RunBudget budget) {
        return http.open("GitLab", baseUri, caBundlePem, auth(token), budget);
    }

    /** The endpoint of a connection check: at most one retry, within the check timeout. */
    public SourceEndpoint checkEndpoint(URI baseUri, String token, String caBundlePem) {
        return http.openInteractive("GitLab", baseUri, caBundlePem, auth(token));
    }

    private static Map<String, String> auth(String token) {
        return Map.of("PRIVATE-TOKEN", token);
    }

    /** {@code GET /api/v4/user}: the token's own account. */
    public GitLabUser currentUser(SourceEndpoint endpoint) {
        GitLabUser user = http.get(endpoint, GitLabApi.currentUser()).read(GitLabUser.class);
        if (user.id() == null) {
            throw new SourceException(SourceException.Kind.REJECTED, 200, "GitLab /api/v4/user returned no user id");
        }
        return user;
    }

    /** Hands each page of a listing to the consumer, in order. */
    public <T> void forEachPage(SourceEndpoint endpoint, SourceUri listing, Class<T> type, Consumer<List<T>> pages) {
        URI next = endpoint.resolve(listing);
        for (int page = 0; next != null; page++) {
            if (page >= MAX_PAGES) {
                throw new SourceException(
                        SourceException.Kind.REJECTED, 200, "GitLab listing exceeded " + MAX_PAGES + " pages");
            }
            SourceResponse response = http.get(endpoint, next);
            List<T> items = response.readList(type);
            pages.accept(items);
            URI following = nextPage(endpoint, response).orElse(null);
            if (following != null && following.equals(next)) {
                throw new SourceException(
                        SourceException.Kind.REJECTED, response.status(), "GitLab paging repeats " + next.getPath());
            }
            next = items.isEmpty() ? null : following;
        }
    }

    /** Every item of a listing (for small per-item sub-resources such as an MR's notes). */
    public <T> List<T> all(SourceEndpoint endpoint, SourceUri listing, Class<T> type) {
        List<T> all = new ArrayList<>();
        forEachPage(endpoint, listing, type, all::addAll);
        return all;
    }

    /** A single object, or empty when it is gone or hidden from the user (404 or 410). */
    public <T> Optional<T> find(SourceEndpoint endpoint, SourceUri object, Class<T> type) {
        try {
            return Optional.of(http.get(endpoint, object).read(type));
        } catch (SourceException e) {
            if (e.gone()) {
                LOG.debugf("GitLab %s is gone or not visible; skipped", object);
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The next page: the {@code Link rel="next"} target when it is on the connection's server, else
     * {@code X-Next-Page} on the current URL. GitLab behind a reverse proxy may link its internal host name; the
     * token is never sent there, and the page number still leads on.
     */
    private static Optional<URI> nextPage(SourceEndpoint endpoint, SourceResponse response) {
        Optional<URI> link = response.linkNext();
        if (link.isPresent() && endpoint.sameOrigin(link.get())) {
            return link;
        }
        Optional<URI> byNumber = response.header("X-Next-Page").map(page -> withPage(response.uri(), page));
        if (byNumber.isEmpty() && link.isPresent()) {
            throw new SourceException(
                    SourceException.Kind.REJECTED,
                    response.status(),
                    "GitLab linked the next page of " + response.uri().getPath()
                            + " on another server and sent no X-Next-Page; check the server's external URL");
        }
        if (link.isPresent()) {
            LOG.debugf("GitLab linked the next page on another server; following X-Next-Page instead");
        }
        return byNumber;
    }

    private static URI withPage(URI current, String page) {
        if (!page.chars().allMatch(Character::isDigit)) {
            throw new SourceException(SourceException.Kind.REJECTED, 200, "GitLab sent a malformed X-Next-Page");
        }
        return SourceUri.withQueryParam(current, "page", page);
    }
}
