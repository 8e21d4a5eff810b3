package io.pulse.sync.http;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.pulse.common.tracing.ClientSpans;
import io.pulse.sync.config.SyncConfig;
import io.pulse.sync.metrics.SyncMetrics;

/**
 * The one place that talks HTTP to GitLab and Jira. It owns timeouts, retries and rate-limit waits, so the API
 * clients only describe requests:
 *
 * <ul>
 *   <li>429: waits for {@code Retry-After} (seconds or HTTP date), else the rate-limit reset header, else an
 *       exponential backoff with jitter; a wait longer than the configured maximum fails instead of stalling.
 *   <li>5xx and I/O errors: exponential backoff with jitter, at most {@code max-retries} times. An attempt has a
 *       total deadline (headers and body, {@code request-timeout}) and fails as soon as its body goes silent for
 *       {@code read-idle-timeout}; both are cut to the run's {@link RunBudget}.
 *   <li>401/403: fail at once ({@link SourceException.Kind#AUTH}); retrying a revoked token only burns quota.
 *   <li>2xx with {@code RateLimit-Remaining} (GitLab) or {@code X-RateLimit-Remaining} (Jira) at the low-water mark:
 *       waits for the advertised reset before returning, so the next call does not hit 429.
 * </ul>
 *
 * Calls block the calling thread (sync jobs run on their own worker threads, never on the event loop). Every
 * request is checked against the {@link BaseUrlPolicy} first. Nothing here logs headers or bodies: requests carry
 * credentials. Messages for users name no exception class; the detail goes to the server log.
 */
@ApplicationScoped
public class SourceHttp {

    private static final Logger LOG = Logger.getLogger(SourceHttp.class);
    private static final String BACKOFF = "backoff";
    private static final String PACE = "pace";
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final SyncConfig.Http config;
    private final SyncMetrics metrics;
    private final BaseUrlPolicy policy;

    public SourceHttp(SyncConfig config, SyncMetrics metrics, BaseUrlPolicy policy) {
        this.config = config.http();
        this.metrics = metrics;
        this.policy = policy;
    }

    /**
     * An endpoint for a background sync run; with a CA bundle, TLS trusts exactly that bundle. Every request is cut
     * to what is left of the run's budget.
     */
    public SourceEndpoint open(
            String label, URI baseUri, String caBundlePem, Map<String, String> authHeaders, RunBudget budget) {
        return open(label, baseUri, caBundlePem, authHeaders, config.maxRetries(), budget);
    }

    /** An endpoint for a call a user waits on (connection checks): at most one retry, within the check timeout. */
    public SourceEndpoint openInteractive(
            String label, URI baseUri, String caBundlePem, Map<String, String> authHeaders) {
        return open(
                label,
                baseUri,
                caBundlePem,
                authHeaders,
                Math.min(1, config.maxRetries()),
                RunBudget.of(config.checkTimeout()));
    }

    private SourceEndpoint open(
            String label,
            URI baseUri,
            String caBundlePem,
            Map<String, String> authHeaders,
            int maxRetries,
            RunBudget budget) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                // Redirects could carry the token to another host; paging follows only same-origin links.
                .followRedirects(HttpClient.Redirect.NEVER);
        if (caBundlePem != null && !caBundlePem.isBlank()) {
            builder.sslContext(TrustBundles.sslContext(caBundlePem));
        }
        return new SourceEndpoint(label, baseUri, builder.build(), authHeaders, maxRetries, new LongAdder(), budget);
    }

    /** GET of a path (resolved against the base URL) with retries and rate-limit handling. */
    public SourceResponse get(SourceEndpoint endpoint, SourceUri path) {
        return get(endpoint, endpoint.resolve(path));
    }

    /** GET of an absolute URL on the endpoint's server (e.g. a Link rel=next target). */
    public SourceResponse get(SourceEndpoint endpoint, URI uri) {
        if (!endpoint.sameOrigin(uri)) {
            throw new SourceException(
                    SourceException.Kind.REJECTED,
                    0,
                    endpoint.label() + " sent a paging link to another server; refusing to send the token there");
        }
        RunBudget budget = endpoint.budget();
        int attempt = 0;
        while (true) {
            if (budget.expired()) {
                throw new SourceException(SourceException.Kind.UNAVAILABLE, 0, budget.exceededMessage());
            }
            Duration timeout = min(config.requestTimeout(), budget.remaining());
            HttpResponse<String> response;
            long start = System.nanoTime();
            endpoint.requests().increment();
            Span span = ClientSpans.start(endpoint.label().toLowerCase(java.util.Locale.ROOT), "GET", uri);
            try {
                allowed(endpoint, uri);
                response = exchange(endpoint, request(endpoint, uri, timeout), timeout);
                metrics.httpRequest(endpoint.label(), response.statusCode(), System.nanoTime() - start);
                ClientSpans.end(span, response.statusCode(), null);
            } catch (IOException e) {
                ClientSpans.end(span, 0, e);
                metrics.httpRequest(endpoint.label(), 0, System.nanoTime() - start);
                // The detail (exception, address, port) is for operators only; the user gets one plain message.
                LOG.warnf("%s %s attempt %d failed: %s", endpoint.label(), uri.getPath(), attempt + 1, detail(e));
                if (attempt >= endpoint.maxRetries()) {
                    throw new SourceException(
                            SourceException.Kind.UNAVAILABLE, 0, ioMessage(endpoint, uri, e, attempt + 1));
                }
                sleep(budget, backoff(attempt++), BACKOFF);
                continue;
            } catch (InterruptedException e) {
                ClientSpans.end(span, 0, e);
                Thread.currentThread().interrupt();
                throw new SourceException(SourceException.Kind.UNAVAILABLE, 0, "sync was interrupted");
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                SourceResponse ok = new SourceResponse(uri, status, response.headers(), response.body());
                pace(budget, ok);
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
                            endpoint.label() + " answered " + status + " and asked to wait " + wait.toSeconds()
                                    + " s, longer than the allowed "
                                    + config.maxRateLimitWait().toSeconds()
                                    + " s; the next run resumes from the cursor");
                }
                LOG.debugf("%s; retrying in %d ms", what, wait.toMillis());
                attempt++;
                sleep(budget, wait, BACKOFF);
                continue;
            }
            throw new SourceException(SourceException.Kind.REJECTED, status, what);
        }
    }

    private HttpRequest request(SourceEndpoint endpoint, URI uri, Duration timeout) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        endpoint.authHeaders().forEach(request::header);
        return request.GET().build();
    }

    /**
     * The base URL policy again before every attempt: a host's addresses may have changed since the connection was
     * checked. The JDK resolver caches the answer, so the client connects to what was checked here.
     */
    private void allowed(SourceEndpoint endpoint, URI uri) throws IOException {
        BaseUrlPolicy.Verdict verdict = policy.check(uri);
        if (verdict instanceof BaseUrlPolicy.Verdict.Refused refused) {
            throw new SourceException(
                    SourceException.Kind.REJECTED,
                    0,
                    endpoint.label() + " base URL is not allowed by this server's source policy: it "
                            + refused.reason());
        }
        if (verdict instanceof BaseUrlPolicy.Verdict.Unresolved) {
            throw new UnknownHostException("cannot resolve the host");
        }
    }

    /**
     * Sends and reads the whole response within {@code timeout}, failing when the body goes silent for longer than
     * the read-idle timeout. On any failure the exchange is aborted, so the worker never waits on a dead connection.
     */
    private HttpResponse<String> exchange(SourceEndpoint endpoint, HttpRequest request, Duration timeout)
            throws IOException, InterruptedException {
        WatchedBody body = new WatchedBody(endpoint.budget(), config.maxResponseBytes());
        CompletableFuture<HttpResponse<String>> future = endpoint.client().sendAsync(request, body);
        long deadline = System.nanoTime() + timeout.toNanos();
        long idle = config.readIdleTimeout().toNanos();
        boolean done = false;
        try {
            while (true) {
                long now = System.nanoTime();
                long idleEnd = body.headersReceived() ? body.lastActivityNanos() + idle : deadline;
                if (body.headersReceived() && now - idleEnd >= 0) {
                    throw new Stalled(config.readIdleTimeout());
                }
                if (now - deadline >= 0) {
                    throw new TotalTimeout(timeout);
                }
                // Short polls: the idle clock starts when the headers arrive, which this thread is not told.
                long wait = Math.max(1_000_000L, Math.min(POLL_NANOS, Math.min(deadline - now, idleEnd - now)));
                try {
                    HttpResponse<String> response = future.get(wait, TimeUnit.NANOSECONDS);
                    done = true;
                    return response;
                } catch (TimeoutException e) {
                    // Re-evaluate both deadlines.
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(e.getCause());
                }
            }
        } finally {
            if (!done) {
                body.abort();
                future.cancel(true);
            }
        }
    }

    /** For the server log: what the JDK said (e.g. {@code ConnectException: Connection refused}), or our own words. */
    private static String detail(IOException e) {
        if (e instanceof Stalled || e instanceof TotalTimeout) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String ioMessage(SourceEndpoint endpoint, URI uri, IOException e, int attempts) {
        String after = " after " + attempts + (attempts == 1 ? " attempt" : " attempts");
        if (e instanceof Stalled stalled) {
            return endpoint.label() + " stopped sending the response to " + uri.getPath() + " for "
                    + Durations.human(stalled.idle) + after;
        }
        if (e instanceof TotalTimeout total) {
            return endpoint.label() + " did not complete the response to " + uri.getPath() + " within "
                    + Durations.human(total.timeout) + after;
        }
        return endpoint.label() + " at " + endpoint.baseUri().getHost() + " could not be reached" + after;
    }

    /** A body that went silent for longer than the read-idle timeout. */
    private static final class Stalled extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Duration idle;

        Stalled(Duration idle) {
            super("response body stalled for " + idle.toMillis() + " ms");
            this.idle = idle;
        }
    }

    /** A response (headers and body) not complete within the attempt's deadline. */
    private static final class TotalTimeout extends HttpTimeoutException {
        private static final long serialVersionUID = 1L;
        private final transient Duration timeout;

        TotalTimeout(Duration timeout) {
            super("response not complete within " + timeout.toMillis() + " ms");
            this.timeout = timeout;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private java.util.function.Supplier<Duration> backoffFor(int attempt) {
        return () -> backoff(attempt);
    }

    private void pace(RunBudget budget, SourceResponse response) {
        Optional<Integer> remaining = response.header("RateLimit-Remaining")
                .or(() -> response.header("X-RateLimit-Remaining"))
                .flatMap(SourceHttp::parseInt);
        if (remaining.isEmpty() || remaining.get() > config.paceBelowRemaining()) {
            return;
        }
        resetHint(response.headers()).ifPresent(wait -> {
            Duration capped = wait.compareTo(config.maxRateLimitWait()) > 0 ? config.maxRateLimitWait() : wait;
            LOG.debugf("rate limit nearly used up; pausing %d ms", capped.toMillis());
            sleep(budget, capped, PACE);
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

    /**
     * Sleeps for a backoff or a rate-limit reset, recorded as a bounded wait (the run is not stalled); a wait that
     * would outlast the run's budget fails at once instead.
     */
    private void sleep(RunBudget budget, Duration duration, String reason) {
        if (duration.compareTo(budget.remaining()) > 0) {
            throw new SourceException(SourceException.Kind.UNAVAILABLE, 0, budget.exceededMessage());
        }
        budget.waiting(duration);
        long start = System.nanoTime();
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(SourceException.Kind.UNAVAILABLE, 0, "sync was interrupted");
        } finally {
            metrics.httpWait(reason, System.nanoTime() - start);
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
