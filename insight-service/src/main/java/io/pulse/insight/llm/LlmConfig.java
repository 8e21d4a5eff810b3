package io.pulse.insight.llm;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Whether and how the OpenAI-compatible LLM is used, and how every outbound LLM call is retried. */
@ConfigMapping(prefix = "pulse.llm")
public interface LlmConfig {

    /** Use the LLM for summaries, classification and insights; when false everything is computed locally. */
    @WithDefault("false")
    boolean enabled();

    /** Base URL of the OpenAI-compatible API; {@code /chat/completions} is appended. */
    @WithDefault("https://api.openai.com/v1")
    String baseUrl();

    /** API key sent as {@code Authorization: Bearer}; never logged. Leave unset for endpoints that need none. */
    Optional<String> apiKey();

    /** Chat model name, sent with every request and recorded in {@code model_version}. */
    @WithDefault("gpt-4o-mini")
    String model();

    /** Longest single chat call (connect and answer); a shorter remainder of the retry budget wins. */
    @WithDefault("60s")
    Duration timeout();

    /**
     * Answers asked for per use when the LLM's answer is malformed (not the expected JSON, a wrong type, a confidence
     * outside [0, 1]...); after the last one the LLM's work is given up and the local computation is used.
     */
    @WithDefault("3")
    int maxAttempts();

    /** Most evidence items put in one insight prompt (the most recent ones of the period). */
    @WithDefault("60")
    int maxEvidencePerPrompt();

    /** Characters of each item's content put in a prompt. */
    @WithDefault("800")
    int contentCharsPerItem();

    /** The one retry policy of every outbound LLM call, chat and embeddings alike ({@link LlmRetryPolicy}). */
    Retry retry();

    /** Retries of a failed call: server waits first, else exponential backoff with jitter, within a budget. */
    interface Retry {

        /** Calls per use (the first included) on 429, 408 or 5xx answers, failed connections and timeouts. */
        @WithDefault("5")
        int maxAttempts();

        /** Backoff before the second call when the server names no wait; doubled for every further call (jittered). */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest computed backoff. */
        @WithDefault("30s")
        Duration maxBackoff();

        /**
         * Longest wait the server may ask for ({@code Retry-After}, {@code retry-after-ms}, rate-limit reset headers);
         * a server asking for longer fails the call at once instead of holding the work.
         */
        @WithDefault("60s")
        Duration maxWait();

        /** Time one use may take in all, calls and waits together; a retry that would end later is not made. */
        @WithDefault("120s")
        Duration budget();

        /**
         * After a call failed for good because the endpoint is unavailable (5xx, timeouts, connection failures, rate
         * limits beyond the budget), further calls of the same kind fail at once for this long, so that an outage
         * costs one budget, not one per item; {@code 0s} turns this off.
         */
        @WithDefault("30s")
        Duration coolDown();
    }
}
