package io.pulse.evidence.mcp.server;

import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pulse.common.web.FieldChecks;
import io.pulse.evidence.mcp.api.DateRange;

/**
 * The {@code period} argument of the tools and the self-review prompt: whole days (UTC), both ends included. Written
 * as an ISO-8601 date range {@code 2026-07-01/2026-09-30}, a quarter {@code 2026-Q3}, a month {@code 2026-07}, a year
 * {@code 2026} or a single day {@code 2026-07-14}.
 *
 * <p>Review periods are stored with ids by the review-cycle feature; once a tool should accept one, this is the one
 * place to resolve it (as the caller) into its dates.
 */
final class Periods {

    /** The formats, as tool descriptions and error messages state them. */
    static final String FORMATS = "a date range 2026-07-01/2026-09-30, a quarter 2026-Q3, a month 2026-07, a year 2026"
            + " or a day 2026-07-14";

    private static final int MAX_LENGTH = 40;
    private static final Pattern RANGE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\s*/\\s*(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-[Qq]([1-4])");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Periods() {}

    /** The period, or null when {@code raw} is absent or blank, or invalid (then an error is recorded). */
    static DateRange parse(FieldChecks checks, String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String text = raw.strip();
        if (text.length() > MAX_LENGTH) {
            checks.error(field, "must be " + FORMATS);
            return null;
        }
        Matcher range = RANGE.matcher(text);
        if (range.matches()) {
            return of(checks, field, checks.date(field, range.group(1)), checks.date(field, range.group(2)));
        }
        Matcher quarter = QUARTER.matcher(text);
        if (quarter.matches()) {
            LocalDate start =
                    LocalDate.of(Integer.parseInt(quarter.group(1)), 3 * Integer.parseInt(quarter.group(2)) - 2, 1);
            return of(
                    checks,
                    field,
                    inRange(checks, field, start),
                    start.plusMonths(3).minusDays(1));
        }
        Matcher month = MONTH.matcher(text);
        if (month.matches()) {
            int m = Integer.parseInt(month.group(2));
            if (m < 1 || m > 12) {
                checks.error(field, "must be " + FORMATS);
                return null;
            }
            YearMonth ym = YearMonth.of(Integer.parseInt(month.group(1)), m);
            return of(checks, field, inRange(checks, field, ym.atDay(1)), ym.atEndOfMonth());
        }
        if (YEAR.matcher(text).matches()) {
            Year year = Year.of(Integer.parseInt(text));
            return of(
                    checks,
                    field,
                    inRange(checks, field, year.atDay(1)),
                    year.atMonth(12).atEndOfMonth());
        }
        if (DAY.matcher(text).matches()) {
            LocalDate day = checks.date(field, text);
            return of(checks, field, day, day);
        }
        checks.error(field, "must be " + FORMATS);
        return null;
    }

    /** A period given as its two ends (ISO dates, both required and included). */
    static DateRange of(FieldChecks checks, String startField, String start, String endField, String end) {
        LocalDate from = required(checks, startField, start);
        LocalDate to = required(checks, endField, end);
        if (from != null && to != null && to.isBefore(from)) {
            checks.error(endField, "must not be before " + startField);
            return null;
        }
        return from == null || to == null ? null : DateRange.of(from, to);
    }

    private static LocalDate required(FieldChecks checks, String field, String value) {
        if (value == null || value.isBlank()) {
            checks.error(field, "is required (an ISO date such as 2026-07-01)");
            return null;
        }
        if (value.strip().length() > MAX_LENGTH) {
            checks.error(field, "must be an ISO-8601 date (yyyy-mm-dd)");
            return null;
        }
        return checks.date(field, value);
    }

    private static LocalDate inRange(FieldChecks checks, String field, LocalDate day) {
        return checks.date(field, day.toString());
    }

    private static DateRange of(FieldChecks checks, String field, LocalDate start, LocalDate end) {
        if (start == null || end == null) {
            return null;
        }
        if (end.isBefore(start)) {
            checks.error(field, "ends before it starts");
            return null;
        }
        return DateRange.of(start, end);
    }
}
