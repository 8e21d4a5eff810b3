package io.pulse.evidence.evidence.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.pulse.common.web.ApiException;
import io.pulse.common.web.Problem;
import io.pulse.evidence.evidence.api.EvidenceFilter.Position;

/**
 * Opaque keyset cursors: base64url of {@code <occurred_at ISO-8601>|<id>}. Opaque to clients so the encoding may
 * change; a cursor that does not decode is a 400.
 */
final class EvidenceCursor {

    private static final int MAX_LENGTH = 200;

    private EvidenceCursor() {}

    static String encode(Position position) {
        String raw = position.occurredAt() + "|" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar < 0) {
                throw invalid();
            }
            return new Position(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return new ApiException(
                400,
                "Bad Request",
                "The cursor is not valid; use next_cursor from a previous page",
                null,
                List.of(new Problem.FieldError("cursor", "is not a cursor returned by this API")));
    }
}
