package io.pulse.sync.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path with its query, relative to a connection's base URL. Every segment and parameter is encoded here,
 * so ids, dates, JQL and paging tokens never reach a URL unencoded. Immutable: each call returns a new instance.
 */
public final class SourceUri {

    private final String path;
    private final List<String> query;

    private SourceUri(String path, List<String> query) {
        this.path = path;
        this.query = List.copyOf(query);
    }

    /** A path made of the given segments, each encoded (e.g. {@code path("api", "v4", "users", id)}). */
    public static SourceUri path(Object... segments) {
        StringBuilder path = new StringBuilder();
        for (Object segment : segments) {
            // URLEncoder is form encoding; in a path a space must be %20, not '+'.
            path.append('/').append(encode(String.valueOf(segment)).replace("+", "%20"));
        }
        return new SourceUri(path.toString(), List.of());
    }

    /** Adds a query parameter; a null value adds nothing, so optional filters need no branching at the call site. */
    public SourceUri query(String name, Object value) {
        if (value == null) {
            return this;
        }
        List<String> next = new ArrayList<>(query);
        next.add(encode(name) + "=" + encode(String.valueOf(value)));
        return new SourceUri(path, next);
    }

    /** The encoded path and query, e.g. {@code /api/v4/users/12/events?sort=asc}. */
    public String pathAndQuery() {
        return query.isEmpty() ? path : path + "?" + String.join("&", query);
    }

    /** The same URL with one query parameter set to a new value (added when absent); used to follow page numbers. */
    public static URI withQueryParam(URI uri, String name, String value) {
        String prefix = encode(name) + "=";
        List<String> kept = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String part : uri.getRawQuery().split("&")) {
                if (!part.isEmpty() && !part.startsWith(prefix)) {
                    kept.add(part);
                }
            }
        }
        kept.add(prefix + encode(value));
        return URI.create(
                uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?" + String.join("&", kept));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return pathAndQuery();
    }
}
