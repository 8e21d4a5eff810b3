package io.pulse.common.tracing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attributes PerformancePulse adds to spans, in one place so every service names them alike. Values are ids,
 * types and counts: never a token, a key, a title, a body or a raw user id (a user id is personal data that a
 * tracing backend keeps far longer and shows far wider than the database does).
 */
public final class SpanAttributes {

    /** The event type, e.g. {@code evidence.created}. */
    public static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("pulse.event.type");
    /** The event id (a random UUID, no personal data). */
    public static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("pulse.event.id");
    /** The user the work is for, hashed: {@link #userHash(UUID)}. */
    public static final AttributeKey<String> USER_HASH = AttributeKey.stringKey("pulse.user.hash");
    /** A sync job id. */
    public static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("pulse.job.id");
    /** How many items the span handled (events in a batch, items in a page). */
    public static final AttributeKey<Long> ITEM_COUNT = AttributeKey.longKey("pulse.item.count");

    private SpanAttributes() {}

    /**
     * A stable, non-reversible tag for a user: the first 16 hex digits of SHA-256 over a fixed prefix and the id. It
     * lets an operator group one user's spans without the tracing backend holding the id itself.
     */
    public static String userHash(UUID userId) {
        if (userId == null) {
            return "";
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(("pulse-user:" + userId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
