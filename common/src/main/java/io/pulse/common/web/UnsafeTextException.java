package io.pulse.common.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

/**
 * A JSON string (value or key) that no text field may hold: NUL, which PostgreSQL text and jsonb cannot store, or an
 * unpaired surrogate, which is not Unicode and would be stored as {@code ?}. Raised while the body is read, so the
 * problem names the field whatever its type; {@link ProblemMappers} answers it with 422 and {@link #reason()}.
 */
public final class UnsafeTextException extends InvalidFormatException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    UnsafeTextException(JsonParser parser, String reason) {
        // The value itself is never echoed: it is the attacker's text.
        super(parser, reason, null, String.class);
        this.reason = reason;
    }

    /** What is wrong with the text, phrased for the caller. */
    public String reason() {
        return reason;
    }
}
