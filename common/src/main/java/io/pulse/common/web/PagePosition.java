package io.pulse.common.web;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a keyset page ends: the sort time and id of its last item. Every list is ordered by a time and then the id,
 * both descending, so the next page is the rows strictly before this position.
 */
public record PagePosition(Instant at, UUID id) {}
