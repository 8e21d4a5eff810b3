package io.pulse.evidence.evidence.api;

import java.time.Instant;
import java.util.List;

import io.pulse.common.web.PageRequest;

/**
 * A validated listing query.
 *
 * @param source only this source, or null
 * @param category only this category, or null
 * @param tags items carrying all of these tags (empty: no tag filter)
 * @param from work that happened at or after this instant, or null
 * @param to work that happened before this instant, or null
 * @param text case-insensitive substring of title or content, or null
 * @param periodId only work within this review period of the caller's (an unknown period matches nothing), or null
 * @param page limit and keyset position (occurred_at desc, id desc)
 */
public record EvidenceFilter(
        String source,
        String category,
        List<String> tags,
        Instant from,
        Instant to,
        String text,
        java.util.UUID periodId,
        PageRequest page) {}
