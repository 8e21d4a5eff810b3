package io.pulse.insight.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.pulse.common.web.ApiException;
import io.pulse.common.web.Problem;

/**
 * Parses query parameters into typed values, collecting every problem so one 422 lists all invalid fields (a
 * mistyped parameter is the client's mistake, never a 404 or 500).
 */
public final class Params {

    private final List<Problem.FieldError> errors = new ArrayList<>();

    public Double decimal(String name, String value, double fallback, double min, double max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(value.strip());
            if (Double.isNaN(d) || d < min || d > max) {
                error(name, "must be between " + min + " and " + max);
                return fallback;
            }
            return d;
        } catch (NumberFormatException e) {
            error(name, "must be a number");
            return fallback;
        }
    }

    public int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(value.strip());
            if (i < min || i > max) {
                error(name, "must be between " + min + " and " + max);
                return fallback;
            }
            return i;
        } catch (NumberFormatException e) {
            error(name, "must be an integer");
            return fallback;
        }
    }

    public Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                error(name, "must be true or false");
                yield null;
            }
        };
    }

    /** One of the allowed values (case-insensitive), returned lower-case; null when absent. */
    public String oneOf(String name, String value, List<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip().toLowerCase();
        if (!allowed.contains(v)) {
            error(name, "must be one of " + String.join(", ", allowed));
            return null;
        }
        return v;
    }

    /**
     * An ISO-8601 instant or date. A date means the start of that day (UTC), or with {@code endOfDay} the start of
     * the next day, so {@code to=2026-03-31} includes the 31st.
     */
    public Instant instant(String name, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                LocalDate day = LocalDate.parse(v);
                return (endOfDay ? day.plusDays(1) : day)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            } catch (DateTimeParseException e2) {
                error(name, "must be an ISO-8601 date or instant");
                return null;
            }
        }
    }

    public LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            error(name, "must be an ISO-8601 date (yyyy-mm-dd)");
            return null;
        }
    }

    public void error(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    /** Throws a 422 listing every problem found so far. */
    public void check() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The request has invalid parameters", errors);
        }
    }
}
