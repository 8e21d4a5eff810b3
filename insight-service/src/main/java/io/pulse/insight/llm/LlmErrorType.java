package io.pulse.insight.llm;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Why an LLM call failed, in a fixed set of words: the only thing about a failure that goes into a metric label, an
 * API answer or an event. A server's error body (which may echo the prompt, request ids or the user's evidence)
 * never does.
 */
public enum LlmErrorType {
    /** The call (or its answer) took longer than the timeout, or the server answered 408. */
    TIMEOUT("timeout", true),
    /** The connection could not be made or broke (refused, reset, DNS...). */
    CONNECTION("connection", true),
    /** The server answered 429: a rate limit or an exhausted quota. */
    RATE_LIMITED("rate_limited", true),
    /** The server refused the credentials (401, 403). */
    AUTH("auth", false),
    /** Any other 4xx: the request itself was refused; sending it again changes nothing. */
    CLIENT_ERROR("4xx", false),
    /** A 5xx: the server failed. */
    SERVER_ERROR("5xx", true),
    /** A successful answer that is not what was asked for (not the JSON expected, fields missing or out of range). */
    MALFORMED("malformed", false),
    /** Anything else. */
    OTHER("other", false);

    /** Every label value, for bounding labels written by code that is not ours. */
    public static final Set<String> LABELS =
            Arrays.stream(values()).map(LlmErrorType::label).collect(Collectors.toUnmodifiableSet());

    private final String label;
    private final boolean retryable;

    LlmErrorType(String label, boolean retryable) {
        this.label = label;
        this.retryable = retryable;
    }

    /** The word used in metric labels, the API and events. */
    public String label() {
        return label;
    }

    /** Whether calling again may succeed (the server or the network may recover); the others fail at once. */
    public boolean retryable() {
        return retryable;
    }

    /** The class of an HTTP status other than 2xx. */
    public static LlmErrorType ofStatus(int status) {
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status == 408) {
            return TIMEOUT;
        }
        if (status == 401 || status == 403) {
            return AUTH;
        }
        if (status >= 500 && status <= 599) {
            return SERVER_ERROR;
        }
        return status >= 400 && status <= 499 ? CLIENT_ERROR : OTHER;
    }

    /** The type whose label this is, or {@link #OTHER}. */
    public static LlmErrorType ofLabel(String label) {
        return Arrays.stream(values())
                .filter(t -> t.label.equals(label))
                .findFirst()
                .orElse(OTHER);
    }
}
