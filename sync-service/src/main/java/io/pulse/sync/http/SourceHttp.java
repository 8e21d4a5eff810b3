package io.pulse.sync.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.pulse.sync.config.SyncConfig;

/**
 * The one place that talks HTTP to GitLab and Jira. It owns timeouts, retries and rate-limit waits, so the API
 * clients only describe requests:
 *
 * <ul>
 *   <li>429: waits for {@code Retry-After} (seconds or HTTP date), else the rate-limit reset header, else an
 *       exponential backoff with jitter; a wait longer than the configured maximum fails instead of stalling.
 *   <li>5xx and I/O errors: exponential backoff with jitter, at most {@code max-retries} times.
 *   <li>401/403: fail at once ({@link SourceException.Kind#AUTH}); retrying a revoked token only burns quota.
 *   <li>2xx with {@code RateLimit-Remaining} (GitLab) or {@code X-RateLimit-Remaining} (Jira) at the low-water mark:
 *       waits for the advertised reset before returning, so the next call does not hit 429.
 * </ul>
 *
 * Calls block the calling thread (sync jobs run on their own worker threads, never on the event loop). Nothing here
 * logs headers or bodies: requests carry credentials.
 */
@ApplicationScoped
public class SourceHttp {

    private static final Logger LOG = Logger.getLogger(SourceHttp.class);

    private final SyncConfig.Http config;
    private final LongAdder requests = new LongAdder();
    private final LongAdder requestNanos = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();

    public SourceHttp(SyncConfig config) {
        this.config = config.http();
    }

    /** An endpoint for background sync; with a CA bundle, TLS trusts exactly that bundle. */
    public SourceEndpoint open(String label, URI baseUri, String caBundlePem, Map<String, String> authHeaders) {
        return open(label, baseUri, caBundlePem, authHeaders, config.maxRetries());
    }

    /** An endpoint for a call a user waits on (connection checks): at most one retry. */
    public SourceEndpoint openInteractive(
            String label, URI baseUri, String caBundlePem, Map<String, String> authHeaders) {
        return open(label, baseUri, caBundlePem, authHeaders, Math.min(1, config.maxRetries()));
    }

    private SourceEndpoint open(
            String label, URI baseUri, String caBundlePem, Map<String, String> authHeaders, int maxRetries) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                // Redirects could carry the token to another host; paging follows only same-origin links.
                .followRedirects(HttpClient.Redirect.NEVER);
        if (caBundlePem != null && !caBundlePem.isBlank()) {
            builder.sslContext(TrustBundles.sslContext(caBundlePem));
        }
        return new SourceEndpoint(label, baseUri, builder.build(), authHeaders, maxRetries);
    }

    /** GET of a path (resolved against the base URL) with retries and rate-limit handling. */
    public SourceResponse get(SourceEndpoint endpoint, String pathAndQuery) {
        return get(endpoint, endpoint.resolve(pathAndQuery));
    }

    /** GET of an absolute URL on the endpoint's server (e.g. a Link rel=next target). */
    public SourceResponse get(SourceEndpoint endpoint, URI uri) {
        if (!endpoint.sameOrigin(uri)) {
            throw new SourceException(
                    SourceException.Kind.REJECTED,
                    0,
                    endpoint.label() + " sent a paging link to another server; refusing to send the token there");
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(config.requestTimeout()).header("Accept", "application/json");
        endpoint.authHeaders().forEach(request::header);
        HttpRequest built = request.GET().build();
        int attempt = 0;
        while (true) {
            HttpResponse<String> response;
            long start = System.nanoTime();
            try {
                response = endpoint.client().send(built, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt >= endpoint.maxRetries()) {
                    throw new SourceException(
                            SourceException.Kind.UNAVAILABLE,
                            0,
                            endpoint.label() + " at " + endpoint.baseUri().getHost() + " is unreachable ("
                                    + e.getClass().getSimpleName() + ") after " + (attempt + 1) + " attempts");
                }
                sleep(backoff(attempt++));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(SourceException.Kind.UNAVAILABLE, 0, "sync was interrupted");
            } finally {
                requests.increment();
                requestNanos.add(System.nanoTime() - start);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                SourceResponse ok = new SourceResponse(uri, status, response.headers(), response.body());
                pace(ok);
                return ok;
            }
            String what = endpoint.label() + " answered " + status + " for " + uri.getPath();
            if (status == 401) {
                throw new SourceException(
                        SourceException.Kind.AUTH,
                        status,
                        endpoint.label() + " rejected the token (401): it was revoked or has expired; "
                                + "update the connection with a new token");
            }
            if (status == 403) {
                throw new SourceException(
                        SourceException.Kind.AUTH,
                        status,
                        endpoint.label() + " refused access (403) to " + uri.getPath()
                                + ": the token lacks the needed scope or permission");
            }
            if (status == 429 || status >= 500) {
                if (attempt >= endpoint.maxRetries()) {
                    throw new SourceException(
                            status == 429 ? SourceException.Kind.RATE_LIMITED : SourceException.Kind.UNAVAILABLE,
                            status,
                            what + " and still did after " + (attempt + 1) + " attempts");
                }
                Duration wait = serverHint(response.headers()).orElseGet(backoffFor(attempt));
                if (wait.compareTo(config.maxRateLimitWait()) > 0) {
                    throw new SourceException(
                            SourceException.Kind.RATE_LIMITED,
                            status,
                            what + " and asked to wait " + wait.toSeconds() + " s, longer than the allowed "
                                    + config.maxRateLimitWait().toSeconds()
                                    + " s; the next run resumes from the cursor");
                }
                LOG.debugf("%s; retrying in %d ms", what, wait.toMillis());
                attempt++;
                sleep(wait);
                continue;
            }
            throw new SourceException(SourceException.Kind.REJECTED, status, what);
        }
    }

    /** Totals since start: requests, time spent in requests, time spent waiting (backoff and pacing). */
    public Stats stats() {
        return new Stats(requests.sum(), requestNanos.sum() / 1_000_000, waitNanos.sum() / 1_000_000);
    }

    /** Request counters. */
    public record Stats(long requests, long requestMillis, long waitMillis) {}

    private java.util.function.Supplier<Duration> backoffFor(int attempt) {
        return () -> backoff(attempt);
    }

    private void pace(SourceResponse response) {
        Optional<Integer> remaining = response.header("RateLimit-Remaining")
                .or(() -> response.header("X-RateLimit-Remaining"))
                .flatMap(SourceHttp::parseInt);
        if (remaining.isEmpty() || remaining.get() > config.paceBelowRemaining()) {
            return;
        }
        resetHint(response.headers()).ifPresent(wait -> {
            Duration capped = wait.compareTo(config.maxRateLimitWait()) > 0 ? config.maxRateLimitWait() : wait;
            LOG.debugf("rate limit nearly used up; pausing %d ms", capped.toMillis());
            sleep(capped);
        });
    }

    /** Retry-After, else the reset time of the rate-limit window. */
    private Optional<Duration> serverHint(java.net.http.HttpHeaders headers) {
        Optional<Duration> retryAfter =
                headers.firstValue("Retry-After").map(String::strip).flatMap(SourceHttp::parseRetryAfter);
        return retryAfter.isPresent() ? retryAfter : resetHint(headers);
    }

    private static Optional<Duration> resetHint(java.net.http.HttpHeaders headers) {
        Optional<Instant> reset = headers.firstValue("RateLimit-Reset")
                .map(String::strip)
                .flatMap(SourceHttp::parseLong)
                .map(Instant::ofEpochSecond)
                .or(() -> headers.firstValue("X-RateLimit-Reset")
                        .map(String::strip)
                        .flatMap(SourceHttp::parseIso));
        return reset.map(r -> Duration.between(Instant.now(), r)).map(d -> d.isNegative() ? Duration.ZERO : d);
    }

    static Optional<Duration> parseRetryAfter(String value) {
        Optional<Long> seconds = parseLong(value);
        if (seconds.isPresent()) {
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds.get())));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration d = Duration.between(Instant.now(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> parseIso(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            try {
                // Atlassian documents yyyy-MM-ddTHH:mmZ.
                return Optional.of(OffsetDateTime.parse(value, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmX"))
                        .toInstant());
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private Duration backoff(int attempt) {
        long base = config.backoffBase().toMillis();
        long ceiling = Math.min(config.backoffMax().toMillis(), base << Math.min(attempt, 20));
        // Equal jitter: half fixed, half random, so retries from many workers spread out.
        long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        return Duration.ofMillis(millis);
    }

    private void sleep(Duration duration) {
        long start = System.nanoTime();
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.UNAVAILABLE, 0, "sync was interrupted");
        } finally {
            waitNanos.add(System.nanoTime() - start);
        }
    }

    private static Optional<Long> parseLong(String value) {
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> parseInt(String value) {
        try {
            return Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
