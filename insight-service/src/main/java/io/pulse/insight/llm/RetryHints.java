package io.pulse.insight.llm;

import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a server asked to wait before the next call, read from its answer's headers, most precise first:
 *
 * <ol>
 *   <li>{@code retry-after-ms} (OpenAI, Azure OpenAI): milliseconds;
 *   <li>{@code Retry-After} (RFC 9110): delay-seconds or an HTTP-date;
 *   <li>on a 429 without those, the rate-limit reset headers of the limit that is exhausted: OpenAI's
 *       {@code x-ratelimit-reset-requests} / {@code x-ratelimit-reset-tokens} (durations such as {@code 1s},
 *       {@code 6m0s}, {@code 20ms}) when the matching {@code x-ratelimit-remaining-*} is 0 (or not given), and the
 *       IETF draft's {@code RateLimit-Reset} (seconds).
 * </ol>
 */
public final class RetryHints {

    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private RetryHints() {}

    /** The wait the answer asks for, if any; a date in the past is no wait (zero). */
    public static Optional<Duration> of(int status, HttpHeaders headers, Instant now) {
        Optional<Duration> explicit = millis(headers.firstValue("retry-after-ms"))
                .or(() -> retryAfter(headers.firstValue("retry-after"), now));
        if (explicit.isPresent() || status != 429) {
            return explicit;
        }
        Optional<Duration> requests = exhausted(headers, "requests");
        Optional<Duration> tokens = exhausted(headers, "tokens");
        Optional<Duration> reset = requests.isPresent() && tokens.isPresent()
                ? Optional.of(max(requests.get(), tokens.get()))
                : requests.or(() -> tokens);
        return reset.or(() -> seconds(headers.firstValue("ratelimit-reset")));
    }

    /** {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110, section 10.2.3). */
    static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
        return header.map(String::strip)
                .flatMap(v -> seconds(Optional.of(v)).or(() -> {
                    try {
                        Duration until =
                                Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                        return Optional.of(until.isNegative() ? Duration.ZERO : until);
                    } catch (RuntimeException notADate) {
                        return Optional.empty();
                    }
                }));
    }

    /** The reset of one of OpenAI's limits, when that limit is exhausted (or its remainder is not given). */
    private static Optional<Duration> exhausted(HttpHeaders headers, String limit) {
        OptionalLong remaining = headers.firstValueAsLong("x-ratelimit-remaining-" + limit);
        if (remaining.isPresent() && remaining.getAsLong() > 0) {
            return Optional.empty();
        }
        return headers.firstValue("x-ratelimit-reset-" + limit).flatMap(RetryHints::goDuration);
    }

    /** A Go-style duration as OpenAI writes it: {@code 1s}, {@code 6m0s}, {@code 59.1s}, {@code 20ms}, {@code 1h2m}. */
    static Optional<Duration> goDuration(String value) {
        String v = value.strip();
        Matcher m = GO_DURATION.matcher(v);
        long nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            BigDecimal amount = new BigDecimal(m.group(1));
            long unit = switch (m.group(2)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                default -> 1_000_000L;
            };
            nanos += amount.multiply(BigDecimal.valueOf(unit)).longValue();
            end = m.end();
        }
        return end == v.length() && end > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
    }

    private static Optional<Duration> seconds(Optional<String> header) {
        return header.map(String::strip).flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<Duration> millis(Optional<String> header) {
        return header.map(String::strip).flatMap(v -> {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(v))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
