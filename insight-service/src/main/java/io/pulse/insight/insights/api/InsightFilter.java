package io.pulse.insight.insights.api;

import java.time.LocalDate;

/**
 * Filters for listing insights; null means "any".
 *
 * @param from only insights whose period ends on or after this day
 * @param to only insights whose period starts on or before this day
 */
public record InsightFilter(
        String type, Boolean validated, Boolean rejected, LocalDate from, LocalDate to, java.util.UUID periodId) {}
