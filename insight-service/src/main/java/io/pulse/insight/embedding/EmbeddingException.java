package io.pulse.insight.embedding;

/** The embedding backend could not produce vectors (endpoint refused, unreachable, or answered wrongly). */
public class EmbeddingException extends RuntimeException {

    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
