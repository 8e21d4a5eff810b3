package io.pulse.sync.http;

/**
 * A GitLab or Jira call that failed for good (after any retries). The message is meant for the user (it ends up in
 * the job's {@code error_message} or a problem response) and never contains credentials.
 */
public class SourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the call failed. */
    public enum Kind {
        /** 401 or 403: the token is revoked, expired or lacks a scope. Retrying does not help. */
        AUTH,
        /** 429s that did not clear within the retry budget or asked for too long a wait. */
        RATE_LIMITED,
        /** 5xx or I/O errors that did not clear within the retry budget, or an unreachable server. */
        UNAVAILABLE,
        /** Any other 4xx, or a response that is not what the API documents. */
        REJECTED
    }

    private final Kind kind;
    private final int status;

    public SourceException(Kind kind, int status, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status of the last response, or 0 when there was none. */
    public int status() {
        return status;
    }

    /** Whether the source said the object is gone or hidden from the user (404 or 410). */
    public boolean gone() {
        return status == 404 || status == 410;
    }
}
