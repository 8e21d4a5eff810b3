package io.pulse.common.web;

import java.time.Instant;

/**
 * The range every time filter must lie in. PostgreSQL stores timestamps from 4713 BC on, Java instants reach much
 * further; a bound inside both keeps a crafted date from becoming a 500 in the database.
 */
public final class TimeRange {

    /** Earliest accepted filter or cursor time. */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    /** Latest accepted filter or cursor time. */
    public static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private TimeRange() {}
}
