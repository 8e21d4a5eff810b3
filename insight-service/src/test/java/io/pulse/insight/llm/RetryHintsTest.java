package io.pulse.insight.llm;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the wait a server asks for from its headers, as OpenAI-compatible servers write them. */
class RetryHintsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    private static Optional<Duration> hint(int status, String... nameValues) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return RetryHints.of(status, HttpHeaders.of(map, (a, b) -> true), NOW);
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(hint(429, "Retry-After", "2")).contains(Duration.ofSeconds(2));
        assertThat(hint(503, "retry-after", " 7 ")).contains(Duration.ofSeconds(7));
        assertThat(hint(429, "Retry-After", "Sun, 01 Mar 2026 10:15:32 GMT")).contains(Duration.ofSeconds(2));
        // A date already past means: now.
        assertThat(hint(429, "Retry-After", "Sun, 01 Mar 2026 10:15:00 GMT")).contains(Duration.ZERO);
        assertThat(hint(429, "Retry-After", "soon")).isEmpty();
    }

    @Test
    void millisecondsWinOverSeconds() {
        assertThat(hint(429, "retry-after-ms", "1500", "Retry-After", "2")).contains(Duration.ofMillis(1500));
    }

    @Test
    void rateLimitResetOfTheExhaustedLimitOnA429() {
        assertThat(hint(
                        429,
                        "x-ratelimit-remaining-requests",
                        "0",
                        "x-ratelimit-reset-requests",
                        "1s",
                        "x-ratelimit-remaining-tokens",
                        "5000",
                        "x-ratelimit-reset-tokens",
                        "6m0s"))
                .contains(Duration.ofSeconds(1));
        assertThat(hint(
                        429,
                        "x-ratelimit-remaining-requests",
                        "12",
                        "x-ratelimit-reset-requests",
                        "1s",
                        "x-ratelimit-remaining-tokens",
                        "0",
                        "x-ratelimit-reset-tokens",
                        "59.5s"))
                .contains(Duration.ofMillis(59_500));
        assertThat(hint(429, "x-ratelimit-reset-requests", "20ms")).contains(Duration.ofMillis(20));
        assertThat(hint(429, "RateLimit-Reset", "3")).contains(Duration.ofSeconds(3));
        // Only a 429 is about a rate limit; a success's headers name no wait.
        assertThat(hint(500, "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1s"))
                .isEmpty();
        assertThat(hint(429)).isEmpty();
    }

    @Test
    void goDurations() {
        assertThat(RetryHints.goDuration("1h2m3.5s")).contains(Duration.ofMillis(3_723_500));
        assertThat(RetryHints.goDuration("6m0s")).contains(Duration.ofMinutes(6));
        assertThat(RetryHints.goDuration("250ms")).contains(Duration.ofMillis(250));
        assertThat(RetryHints.goDuration("1 s")).isEmpty();
        assertThat(RetryHints.goDuration("")).isEmpty();
    }
}
