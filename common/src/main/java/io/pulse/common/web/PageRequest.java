package io.pulse.common.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The paging half of every list endpoint: {@code limit} (1..max, default from {@link HttpConfig.Paging}) and an
 * opaque {@code cursor} (the {@code next_cursor} of the previous page). Lists answer
 * {@code {"items": [...], "next_cursor": "..."|null}}.
 *
 * @param limit rows per page
 * @param after the position the page starts after, or null for the first page
 */
public record PageRequest(int limit, PagePosition after) {

    private static final int MAX_CURSOR_LENGTH = 200;

    /**
     * Reads the raw query parameters; mistakes are added to {@code checks} (a bad cursor or limit is a 400 like any
     * other bad query parameter).
     */
    public static PageRequest parse(String limit, String cursor, HttpConfig.Paging paging, FieldChecks checks) {
        int size = paging.defaultLimit();
        if (limit != null) {
            try {
                size = Integer.parseInt(limit.strip());
                if (size < 1 || size > paging.maxLimit()) {
                    checks.error("limit", "must be between 1 and " + paging.maxLimit());
                }
            } catch (NumberFormatException e) {
                checks.error("limit", "must be an integer");
            }
        }
        PagePosition after = null;
        if (cursor != null) {
            after = decode(cursor);
            if (after == null) {
                checks.error("cursor", "is not a cursor returned by this API");
            }
        }
        return new PageRequest(size, after);
    }

    /**
     * The paging of a list that takes no other query parameter: a bad {@code limit} or {@code cursor} is a 400
     * naming it.
     */
    public static PageRequest fromQuery(String limit, String cursor, HttpConfig.Paging paging) {
        FieldChecks checks = FieldChecks.forQuery();
        PageRequest page = parse(limit, cursor, paging, checks);
        checks.throwIfInvalid();
        return page;
    }

    /** The page of {@code rows} (fetched with {@code limit + 1}), mapped, with the cursor of the next page. */
    public <R, V> Page<V> slice(List<R> rows, Function<R, PagePosition> position, Function<R, V> view) {
        boolean more = rows.size() > limit;
        List<R> page = more ? rows.subList(0, limit) : rows;
        String next = more ? encode(position.apply(page.get(page.size() - 1))) : null;
        return new Page<>(page.stream().map(view).toList(), next);
    }

    static String encode(PagePosition position) {
        String raw = position.at() + "|" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The position, or null when the text is not a cursor this API wrote. */
    static PagePosition decode(String cursor) {
        if (cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar < 0) {
                return null;
            }
            Instant at = Instant.parse(raw.substring(0, bar));
            // A crafted cursor can name any instant Java parses; outside the filter range it would reach
            // PostgreSQL as a timestamp it cannot represent.
            if (at.isBefore(TimeRange.EARLIEST) || at.isAfter(TimeRange.LATEST)) {
                return null;
            }
            return new PagePosition(at, UUID.fromString(raw.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return null;
        }
    }
}
