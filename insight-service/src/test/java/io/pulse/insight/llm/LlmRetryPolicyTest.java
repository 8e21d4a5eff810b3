package io.pulse.insight.llm;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The retry policy's decisions with a fake clock and sleeper: every wait is checked without waiting. The settings
 * come from the real {@link LlmConfig} mapping (defaults unless a test overrides them).
 */
class LlmRetryPolicyTest {

    /** A clock that only moves when the policy sleeps (or a call takes time). */
    private static final class FakeTime {
        long nanos;
        final List<Duration> waits = new ArrayList<>();

        void sleep(Duration d) {
            waits.add(d);
            nanos += d.toNanos();
        }
    }

    private final FakeTime time = new FakeTime();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    private LlmRetryPolicy policy(String... overrides) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        LlmConfig config = new SmallRyeConfigBuilder()
                .withMapping(LlmConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 500))
                .build()
                .getConfigMapping(LlmConfig.class);
        return new LlmRetryPolicy(config.retry(), metrics, time::sleep, () -> time.nanos, new Random(42));
    }

    /** Answers from a script: each entry is a failure to throw, or null for success. */
    private static LlmRetryPolicy.Attempt<String> script(Deque<LlmCallException> failures, List<Duration> timeouts) {
        return timeout -> {
            timeouts.add(timeout);
            LlmCallException next = failures.poll();
            if (next != null) {
                throw next;
            }
            return "ok";
        };
    }

    private static LlmCallException status(int status, Duration serverWait) {
        return new LlmCallException(
                LlmErrorType.ofStatus(status), status, Optional.ofNullable(serverWait), "HTTP " + status);
    }

    private double count(String name, String errorType) {
        var counter = metrics.find(name).tag("error_type", errorType).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void waitsAtLeastWhatTheServerAskedForWithASmallJitterOnTop() {
        Deque<LlmCallException> failures = new ArrayDeque<>(List.of(
                status(429, Duration.ofSeconds(2)), status(503, Duration.ofSeconds(1)), status(429, Duration.ZERO)));

        String answer = policy().call("chat", Duration.ofSeconds(60), script(failures, new ArrayList<>()));

        assertThat(answer).isEqualTo("ok");
        assertThat(time.waits).hasSize(3);
        // Never sooner than asked; at most a tenth more (capped at a second).
        assertThat(time.waits.get(0)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2200));
        assertThat(time.waits.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1100));
        assertThat(time.waits.get(2)).isEqualTo(Duration.ZERO);
        assertThat(count("pulse.llm.retries", "rate_limited")).isEqualTo(2);
        assertThat(count("pulse.llm.retries", "5xx")).isEqualTo(1);
        assertThat(count("pulse.llm.failures", "rate_limited")).isZero();
    }

    @Test
    void backsOffExponentiallyWithJitterWhenTheServerNamesNoWait() {
        Deque<LlmCallException> failures =
                new ArrayDeque<>(List.of(status(500, null), status(502, null), status(503, null), status(504, null)));

        policy("pulse.llm.retry.initial-backoff", "1s", "pulse.llm.retry.max-backoff", "5s")
                .call("chat", Duration.ofSeconds(60), script(failures, new ArrayList<>()));

        // Steps 1 s, 2 s, 4 s, 5 s (capped): each wait is at least half of its step and at most the step.
        assertThat(time.waits).hasSize(4);
        long[] steps = {1000, 2000, 4000, 5000};
        for (int i = 0; i < steps.length; i++) {
            assertThat(time.waits.get(i).toMillis()).isBetween(steps[i] / 2, steps[i]);
        }
        // Jittered: the same failures do not give the same waits as the undisturbed steps.
        assertThat(time.waits.stream().map(Duration::toMillis).toList())
                .isNotEqualTo(List.of(500L, 1000L, 2000L, 2500L));
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastFailuresClass() {
        Deque<LlmCallException> failures = new ArrayDeque<>();
        for (int i = 0; i < 10; i++) {
            failures.add(status(500, null));
        }
        List<Duration> timeouts = new ArrayList<>();

        assertThatThrownBy(() -> policy("pulse.llm.retry.max-attempts", "3")
                        .call("chat", Duration.ofSeconds(60), script(failures, timeouts)))
                .isInstanceOfSatisfying(LlmCallException.class, e -> {
                    assertThat(e.type()).isEqualTo(LlmErrorType.SERVER_ERROR);
                    assertThat(e.getMessage()).contains("failed after 3 attempt(s) (5xx)");
                });
        assertThat(timeouts).hasSize(3);
        assertThat(count("pulse.llm.failures", "5xx")).isEqualTo(1);
    }

    @Test
    void staysWithinTheBudgetAndCutsTheNextCallsTimeoutToWhatIsLeft() {
        Deque<LlmCallException> failures =
                new ArrayDeque<>(List.of(status(429, Duration.ofSeconds(20)), status(429, Duration.ofSeconds(20))));
        List<Duration> timeouts = new ArrayList<>();

        assertThatThrownBy(() -> policy("pulse.llm.retry.budget", "30s")
                        .call("chat", Duration.ofSeconds(60), script(failures, timeouts)))
                .isInstanceOfSatisfying(LlmCallException.class, e -> {
                    assertThat(e.type()).isEqualTo(LlmErrorType.RATE_LIMITED);
                    assertThat(e.getMessage()).contains("retry budget of 30 s is spent");
                });
        // The first call may take the budget (less than the timeout); the second only what the first wait left.
        assertThat(timeouts).hasSize(2);
        assertThat(timeouts.get(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(timeouts.get(1)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        // The second 20 s wait would end after the budget: not waited.
        assertThat(time.waits).hasSize(1);
    }

    @Test
    void aServerAskingForMoreThanMaxWaitFailsAtOnce() {
        Deque<LlmCallException> failures = new ArrayDeque<>(List.of(status(429, Duration.ofMinutes(10))));

        assertThatThrownBy(
                        () -> policy().call("embeddings", Duration.ofSeconds(60), script(failures, new ArrayList<>())))
                .isInstanceOf(LlmCallException.class)
                .hasMessageContaining("the server asked to wait 600 s, longer than pulse.llm.retry.max-wait");
        assertThat(time.waits).isEmpty();
    }

    @Test
    void clientErrorsAndMalformedAnswersAreNotRetried() {
        for (LlmCallException failure : List.of(
                status(401, null),
                status(400, null),
                new LlmCallException(LlmErrorType.MALFORMED, 200, Optional.empty(), "no message"))) {
            Deque<LlmCallException> failures = new ArrayDeque<>(List.of(failure));
            List<Duration> timeouts = new ArrayList<>();
            assertThatThrownBy(() -> policy().call("chat", Duration.ofSeconds(60), script(failures, timeouts)))
                    .isInstanceOfSatisfying(
                            LlmCallException.class, e -> assertThat(e.type()).isEqualTo(failure.type()));
            assertThat(timeouts).hasSize(1);
        }
        assertThat(time.waits).isEmpty();
        assertThat(count("pulse.llm.failures", "auth")).isEqualTo(1);
        assertThat(count("pulse.llm.failures", "4xx")).isEqualTo(1);
        assertThat(count("pulse.llm.failures", "malformed")).isEqualTo(1);
    }

    @Test
    void anOutageCoolsFurtherCallsDownThenOneCallProbesTheEndpoint() {
        LlmRetryPolicy policy = policy("pulse.llm.retry.max-attempts", "2", "pulse.llm.retry.cool-down", "30s");
        Deque<LlmCallException> outage = new ArrayDeque<>(List.of(status(503, null), status(503, null)));
        assertThatThrownBy(() -> policy.call("chat", Duration.ofSeconds(60), script(outage, new ArrayList<>())))
                .isInstanceOf(LlmCallException.class);

        List<Duration> calls = new ArrayList<>();
        assertThatThrownBy(() -> policy.call("chat", Duration.ofSeconds(60), script(new ArrayDeque<>(), calls)))
                .isInstanceOfSatisfying(LlmCallException.class, e -> {
                    assertThat(e.type()).isEqualTo(LlmErrorType.SERVER_ERROR);
                    assertThat(e.getMessage()).contains("not called for another");
                });
        assertThat(calls).as("no call while cooling down").isEmpty();
        // Another operation is not affected.
        assertThat(policy.call("embeddings", Duration.ofSeconds(60), script(new ArrayDeque<>(), calls)))
                .isEqualTo("ok");

        time.nanos += Duration.ofSeconds(31).toNanos();
        assertThat(policy.call("chat", Duration.ofSeconds(60), script(new ArrayDeque<>(), calls)))
                .isEqualTo("ok");
        assertThat(calls).hasSize(2);
    }
}
