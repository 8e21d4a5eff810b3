package io.pulse.insight.llm;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one retry policy of every outbound LLM call (chat completions and embeddings). A call that fails with a
 * retryable error ({@link LlmErrorType#retryable()}: 429, 408, 5xx, timeouts, broken connections) is made again:
 *
 * <ul>
 *   <li>after the wait the server asked for ({@code retry-after-ms}, {@code Retry-After} in seconds or as an
 *       HTTP-date, or on a 429 the reset of the exhausted rate limit; see {@link RetryHints}), never sooner, plus a
 *       small jitter (at most a tenth of it, at most a second) so that callers do not come back in step;
 *   <li>else after an exponential backoff with jitter: {@code initial-backoff * 2^(n-1)}, capped at
 *       {@code max-backoff}, of which a random half is waited ("equal jitter");
 *   <li>at most {@code max-attempts} calls, all within {@code budget} (calls and waits together: a call's timeout is
 *       cut to what is left of it, and a retry that could only start after it is not made); a server asking for a
 *       wait longer than {@code max-wait} fails the call at once.
 * </ul>
 *
 * Other failures (401/403, other 4xx, malformed answers) fail at once. A call that failed for good because the
 * endpoint is unavailable makes further calls of the same operation fail at once for {@code cool-down}, so that an
 * outage costs one budget rather than one per evidence item or request.
 *
 * <p>Every retry is logged with its reason and wait and counted in {@code pulse.llm.retries{operation, error_type}};
 * every call that fails for good in {@code pulse.llm.failures{operation, error_type}}. Labels are the classified
 * {@link LlmErrorType}, never an error body. Blocking (it sleeps): call on worker threads only. The clock, the
 * sleeper and the randomness are injectable so that tests check the waits without waiting.
 */
@ApplicationScoped
public class LlmRetryPolicy {

    private static final Logger LOG = Logger.getLogger(LlmRetryPolicy.class);
    private static final Duration MAX_JITTER_ON_SERVER_WAIT = Duration.ofSeconds(1);
    private static final Duration ONE_MS = Duration.ofMillis(1);

    /** Waits between calls; {@link Thread#sleep(long)} outside tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration wait) throws InterruptedException;
    }

    /** One call; {@code timeout} is the longest it may take (the configured timeout, cut to the budget left). */
    @FunctionalInterface
    public interface Attempt<T> {
        T call(Duration timeout);
    }

    private record Open(long untilNanos, LlmErrorType type) {}

    private final LlmConfig.Retry config;
    private final MeterRegistry metrics;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private final RandomGenerator random;
    private final Map<String, Open> open = new ConcurrentHashMap<>();

    @Inject
    public LlmRetryPolicy(LlmConfig config, MeterRegistry metrics) {
        this(config.retry(), metrics, wait -> Thread.sleep(wait.toMillis()), System::nanoTime, new Random());
    }

    /**
     * @param nanoTime a monotonic clock in nanoseconds ({@link System#nanoTime()} outside tests)
     * @param random the jitter's source (a fixed seed in tests)
     */
    public LlmRetryPolicy(
            LlmConfig.Retry config,
            MeterRegistry metrics,
            Sleeper sleeper,
            LongSupplier nanoTime,
            RandomGenerator random) {
        if (config.maxAttempts() < 1) {
            throw new IllegalArgumentException("pulse.llm.retry.max-attempts must be at least 1");
        }
        this.config = config;
        this.metrics = metrics;
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
        this.random = random;
    }

    /**
     * Makes the call, retrying it as described above.
     *
     * @param operation what is called ({@code chat}, {@code embeddings}): the metric label and the cool-down's scope
     * @param timeout the longest one call may take
     * @throws LlmCallException when the call failed for good (the last failure's type and status)
     */
    public <T> T call(String operation, Duration timeout, Attempt<T> attempt) {
        refuseWhileCoolingDown(operation);
        long start = nanoTime.getAsLong();
        for (int n = 1; ; n++) {
            Duration left = config.budget().minusNanos(nanoTime.getAsLong() - start);
            try {
                // Never below a millisecond: the HTTP client refuses a timeout that is not positive.
                T result = attempt.call(min(timeout, left.compareTo(ONE_MS) < 0 ? ONE_MS : left));
                open.remove(operation);
                return result;
            } catch (LlmCallException e) {
                Duration wait = nextWait(operation, e, n, start);
                metrics.counter(
                                "pulse.llm.retries",
                                "operation",
                                operation,
                                "error_type",
                                e.type().label())
                        .increment();
                LOG.infof(
                        "LLM %s call %d/%d failed (%s%s); retrying in %d ms (%s)",
                        operation,
                        n,
                        config.maxAttempts(),
                        e.type().label(),
                        e.status() > 0 ? ", HTTP " + e.status() : "",
                        wait.toMillis(),
                        e.serverWait().isPresent() ? "as the server asked" : "backoff");
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw failed(operation, e, n, "interrupted while waiting to retry");
                }
            }
        }
    }

    /** The wait before call {@code n + 1}, or the failure to throw when there is to be none. */
    private Duration nextWait(String operation, LlmCallException e, int n, long start) {
        if (!e.type().retryable()) {
            throw failed(operation, e, n, "not retryable");
        }
        if (n >= config.maxAttempts()) {
            throw failed(operation, e, n, "no attempts left");
        }
        Optional<Duration> asked = e.serverWait();
        if (asked.isPresent() && asked.get().compareTo(config.maxWait()) > 0) {
            throw failed(
                    operation,
                    e,
                    n,
                    "the server asked to wait " + asked.get().toSeconds() + " s, longer than pulse.llm.retry.max-wait");
        }
        Duration wait = asked.map(this::withJitter).orElseGet(() -> backoff(n));
        Duration spent = Duration.ofNanos(nanoTime.getAsLong() - start);
        if (spent.plus(wait).compareTo(config.budget()) >= 0) {
            throw failed(
                    operation, e, n, "the retry budget of " + config.budget().toSeconds() + " s is spent");
        }
        return wait;
    }

    /** Backoff before call {@code n + 1}: half of the exponential step, plus a random part of the other half. */
    Duration backoff(int n) {
        Duration step = config.initialBackoff().multipliedBy(1L << Math.min(n - 1, 20));
        if (step.compareTo(config.maxBackoff()) > 0) {
            step = config.maxBackoff();
        }
        long half = step.toMillis() / 2;
        return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }

    /** The server's wait, never shortened, plus a little so that callers told the same thing spread out. */
    private Duration withJitter(Duration asked) {
        long most = Math.min(asked.toMillis() / 10, MAX_JITTER_ON_SERVER_WAIT.toMillis());
        return asked.plusMillis(most > 0 ? random.nextLong(most + 1) : 0);
    }

    private LlmCallException failed(String operation, LlmCallException last, int attempts, String why) {
        metrics.counter(
                        "pulse.llm.failures",
                        "operation",
                        operation,
                        "error_type",
                        last.type().label())
                .increment();
        if (last.type().retryable() && !config.coolDown().isZero()) {
            open.put(
                    operation, new Open(nanoTime.getAsLong() + config.coolDown().toNanos(), last.type()));
        }
        LOG.warnf(
                "LLM %s call failed for good after %d attempt(s) (%s%s): %s",
                operation, attempts, last.type().label(), last.status() > 0 ? ", HTTP " + last.status() : "", why);
        return new LlmCallException(
                last.type(),
                last.status(),
                "The LLM's " + operation + " call failed after " + attempts + " attempt(s) ("
                        + last.type().label() + "): " + why,
                last);
    }

    private void refuseWhileCoolingDown(String operation) {
        Open cooling = open.get(operation);
        if (cooling == null) {
            return;
        }
        long left = cooling.untilNanos() - nanoTime.getAsLong();
        if (left <= 0) {
            // Cooled down: this call probes the endpoint; its outcome opens or closes it again.
            open.remove(operation, cooling);
            return;
        }
        metrics.counter(
                        "pulse.llm.failures",
                        "operation",
                        operation,
                        "error_type",
                        cooling.type().label())
                .increment();
        throw new LlmCallException(
                cooling.type(),
                0,
                Optional.empty(),
                "The LLM's " + operation + " endpoint failed for good moments ago ("
                        + cooling.type().label() + "); not called for another "
                        + Duration.ofNanos(left).toSeconds() + " s");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
