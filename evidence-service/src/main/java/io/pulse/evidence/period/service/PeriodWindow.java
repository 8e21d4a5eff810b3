package io.pulse.evidence.period.service;

import java.time.Instant;
import java.time.ZoneOffset;

import io.pulse.evidence.period.api.PeriodView;

/**
 * The instants a period covers: from the start of its first day to the end of its last day, in UTC. One definition
 * for evidence filters, goal links and packet citations.
 */
public record PeriodWindow(Instant from, Instant toExclusive) {

    public static PeriodWindow of(PeriodView period) {
        return new PeriodWindow(
                period.startDate().atStartOfDay(ZoneOffset.UTC).toInstant(),
                period.endDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    public boolean covers(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(toExclusive);
    }
}
