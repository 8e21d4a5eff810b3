package io.pulse.sync.connection.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks the form of a source base URL: http or https, a host, no credentials in the URL, no query or fragment. A
 * path prefix (GitLab under {@code /gitlab}) is kept; a trailing slash is dropped. Whether the service may connect
 * there (https, allowed hosts and addresses) is the {@link io.pulse.sync.http.BaseUrlPolicy}'s decision.
 */
public final class BaseUrls {

    public static final int MAX_LENGTH = 2048;

    private BaseUrls() {}

    /** The normalised URL, or empty with the reason in {@code problem[0]}. */
    public static Optional<URI> normalise(String raw, String[] problem) {
        if (raw == null || raw.isBlank()) {
            problem[0] = "is required";
            return Optional.empty();
        }
        if (raw.length() > MAX_LENGTH) {
            problem[0] = "is longer than " + MAX_LENGTH + " characters";
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            problem[0] = "is not a valid URL";
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            problem[0] = "must be an absolute URL with a host";
            return Optional.empty();
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            problem[0] = "must use https";
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null) {
            problem[0] = "must not contain credentials";
            return Optional.empty();
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problem[0] = "must not have a query or fragment";
            return Optional.empty();
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return Optional.of(URI.create(scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT) + path));
    }
}
