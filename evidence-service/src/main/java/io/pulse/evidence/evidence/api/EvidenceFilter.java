package io.pulse.evidence.evidence.api;

import java.time.Instant;
import java.util.List;

/**
 * A validated listing query.
 *
 * @param source only this source, or null
 * @param category only this category, or null
 * @param tags items carrying all of these tags (empty: no tag filter)
 * @param from work that happened at or after this instant, or null
 * @param to work that happened before this instant, or null
 * @param text case-insensitive substring of title or content, or null
 * @param after keyset position: items strictly after it in listing order, or null for the first page
 * @param limit page size
 */
public record EvidenceFilter(
        String source,
        String category,
        List<String> tags,
        Instant from,
        Instant to,
        String text,
        Position after,
        int limit) {

    /** A position in the listing order (occurred_at desc, id desc). */
    public record Position(Instant occurredAt, java.util.UUID id) {}
}
