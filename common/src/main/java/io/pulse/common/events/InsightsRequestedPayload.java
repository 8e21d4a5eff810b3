package io.pulse.common.events;

import java.time.LocalDate;

/**
 * A request to (re)generate a user's insights for a period.
 *
 * @param periodStart first day of the period, inclusive
 * @param periodEnd last day of the period, inclusive
 * @param reason why: {@code api}, {@code schedule} or {@code enrichment}
 */
public record InsightsRequestedPayload(LocalDate periodStart, LocalDate periodEnd, String reason)
        implements EventPayload {}
