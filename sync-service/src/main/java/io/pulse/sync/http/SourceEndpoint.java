package io.pulse.sync.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One connection's server: its base URL, an HTTP client that trusts what the connection trusts, and the
 * authentication headers. {@link #toString()} never shows the headers.
 *
 * @param label "GitLab" or "Jira", for messages
 * @param maxRetries retries of one request: small for calls a user waits on, larger for background sync
 * @param requests requests sent through this endpoint, attempts included (a job reports its own count)
 * @param budget the run's (or the check's) time budget and progress record; every request is cut to it
 */
public record SourceEndpoint(
        String label,
        URI baseUri,
        HttpClient client,
        Map<String, String> authHeaders,
        int maxRetries,
        LongAdder requests,
        RunBudget budget) {

    public SourceEndpoint {
        authHeaders = Map.copyOf(authHeaders);
    }

    /** Resolves a path against the base URL, keeping any base path prefix (self-managed servers under /gitlab). */
    public URI resolve(SourceUri path) {
        String base = baseUri.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + path.pathAndQuery());
    }

    /** Requests sent so far. */
    public long requestCount() {
        return requests.sum();
    }

    /** Whether an absolute URL (from a Link header) points at the same server, so the token may be sent there. */
    public boolean sameOrigin(URI other) {
        return baseUri.getScheme().equalsIgnoreCase(other.getScheme())
                && baseUri.getHost().equalsIgnoreCase(other.getHost())
                && port(baseUri) == port(other);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public String toString() {
        return label + " " + baseUri;
    }
}
