package io.pulse.insight.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * An outbound LLM call (chat or embeddings) that failed, classified. The message names the endpoint's operation,
 * the HTTP status and the attempts; never the server's error body, the prompt or the API key.
 */
public class LlmCallException extends RuntimeException {

    private final LlmErrorType type;
    private final int status;
    private final transient Optional<Duration> serverWait;

    /**
     * @param status the HTTP status, or 0 when there was no answer
     * @param serverWait how long the server asked to wait before calling again, when it said so
     */
    public LlmCallException(LlmErrorType type, int status, Optional<Duration> serverWait, String message) {
        super(message);
        this.type = type;
        this.status = status;
        this.serverWait = serverWait;
    }

    public LlmCallException(LlmErrorType type, String message, Throwable cause) {
        this(type, 0, message, cause);
    }

    /** A failure with the status of the answer behind {@code cause}. */
    public LlmCallException(LlmErrorType type, int status, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
        this.status = status;
        this.serverWait = Optional.empty();
    }

    public LlmErrorType type() {
        return type;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** How long the server asked to wait before the next call ({@code Retry-After} or a rate-limit reset). */
    public Optional<Duration> serverWait() {
        return serverWait;
    }

    /** The LLM call failure behind {@code e}, if that is what it is (AI services may wrap it). */
    public static Optional<LlmCallException> in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LlmCallException call) {
                return Optional.of(call);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
