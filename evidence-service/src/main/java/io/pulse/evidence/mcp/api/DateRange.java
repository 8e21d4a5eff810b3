package io.pulse.evidence.mcp.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A period of whole days, both ends included (UTC), as the tools take and answer it.
 *
 * @param start first day (ISO date)
 * @param end last day (ISO date)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DateRange(String start, String end) {

    public static DateRange of(LocalDate start, LocalDate end) {
        return new DateRange(start.toString(), end.toString());
    }

    public LocalDate startDate() {
        return LocalDate.parse(start);
    }

    public LocalDate endDate() {
        return LocalDate.parse(end);
    }

    /** The first instant of the period. */
    public Instant from() {
        return startDate().atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The first instant after the period. */
    public Instant until() {
        return endDate().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
