package io.pulse.common.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one validator of every service: collects the field errors of one request and fails with a single problem
 * listing all of them. The same mistake gets the same status everywhere: a bad query parameter is a 400
 * ({@link #forQuery()}), a bad body field a 422 ({@link #forBody()}).
 */
public final class FieldChecks {

    private final int status;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    private FieldChecks(int status) {
        this.status = status;
    }

    /** Checks of a JSON body; failures are 422. */
    public static FieldChecks forBody() {
        return new FieldChecks(422);
    }

    /** Checks of query parameters; failures are 400. */
    public static FieldChecks forQuery() {
        return new FieldChecks(400);
    }

    public FieldChecks error(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
        return this;
    }

    /**
     * Text that, when present, is valid Unicode without NUL, has something visible and is at most {@code max}
     * characters long.
     */
    public FieldChecks text(String field, String value, int max) {
        if (value != null) {
            String problem = TextRules.problem(value);
            if (problem != null) {
                error(field, problem);
            } else if (value.length() > max) {
                error(field, "must be at most " + max + " characters");
            }
        }
        return this;
    }

    /** Like {@link #text} but the value must be present. */
    public FieldChecks requiredText(String field, String value, int max) {
        // Empty or only spaces: the field was left out, whatever the client sent for it.
        if (value == null || value.isBlank()) {
            return error(field, "is required");
        }
        return text(field, value, max);
    }

    /** An absolute http(s) URL of at most {@code max} characters, when present. */
    public FieldChecks httpUrl(String field, String value, int max) {
        if (value == null) {
            return this;
        }
        if (value.length() > max) {
            return error(field, "must be at most " + max + " characters");
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                error(field, "must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            error(field, "must be an absolute http or https URL");
        }
        return this;
    }

    /**
     * The start of a time filter: an ISO-8601 instant with offset, or a date (its first instant, UTC). Null when
     * absent or invalid (then an error is recorded).
     */
    public Instant from(String field, String raw) {
        return instant(field, raw, false);
    }

    /**
     * The exclusive end of a time filter: an ISO-8601 instant with offset, or a date, which includes that whole day
     * (UTC). Null when absent or invalid (then an error is recorded).
     */
    public Instant to(String field, String raw) {
        return instant(field, raw, true);
    }

    /** A number in [min, max], or the fallback when absent; null (with an error) when invalid. */
    public Double decimal(String field, String raw, Double fallback, double min, double max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(raw.strip());
            if (Double.isNaN(value) || value < min || value > max) {
                error(field, "must be a number between " + min + " and " + max);
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            error(field, "must be a number");
            return null;
        }
    }

    /** An integer in [min, max], or the fallback when absent (and after an error). */
    public int integer(String field, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < min || value > max) {
                error(field, "must be between " + min + " and " + max);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            error(field, "must be an integer");
            return fallback;
        }
    }

    /** {@code true} or {@code false} (any case); null when absent or invalid. */
    public Boolean bool(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                error(field, "must be true or false");
                yield null;
            }
        };
    }

    /** One of the allowed values (case-insensitive), lower-case; null when absent or invalid. */
    public String oneOf(String field, String raw, List<String> allowed) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            error(field, "must be one of " + String.join(", ", allowed));
            return null;
        }
        return value;
    }

    /** The id of one of the caller's things (e.g. {@code period_id}); null when absent or not an id. */
    public java.util.UUID id(String field, String raw, String message) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return java.util.UUID.fromString(raw.strip());
        } catch (IllegalArgumentException e) {
            error(field, message);
            return null;
        }
    }

    /** An ISO-8601 date (2026-03-31) within the accepted range; null when absent or invalid. */
    public LocalDate date(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(raw.strip());
            Instant start = day.atStartOfDay().toInstant(ZoneOffset.UTC);
            if (start.isBefore(TimeRange.EARLIEST) || start.isAfter(TimeRange.LATEST)) {
                error(field, "must lie between " + TimeRange.EARLIEST + " and " + TimeRange.LATEST);
                return null;
            }
            return day;
        } catch (DateTimeParseException e) {
            error(field, "must be an ISO-8601 date (yyyy-mm-dd)");
            return null;
        }
    }

    /** Records an error on {@code toField} unless {@code from} is before {@code to} (when both are present). */
    public FieldChecks ordered(Instant from, Instant to, String toField, String fromField) {
        if (from != null && to != null && !from.isBefore(to)) {
            error(toField, "must be after " + fromField);
        }
        return this;
    }

    private Instant instant(String field, String raw, boolean endOfDay) {
        if (raw == null) {
            return null;
        }
        String text = raw.strip();
        Instant value;
        try {
            value = text.length() == 10
                    ? LocalDate.parse(text)
                            .plusDays(endOfDay ? 1 : 0)
                            .atStartOfDay()
                            .toInstant(ZoneOffset.UTC)
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            error(field, "must be an ISO-8601 date (2026-03-31) or date-time with offset (2026-03-31T12:00:00Z)");
            return null;
        }
        if (value.isBefore(TimeRange.EARLIEST) || value.isAfter(TimeRange.LATEST)) {
            error(field, "must lie between " + TimeRange.EARLIEST + " and " + TimeRange.LATEST);
            return null;
        }
        return value;
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** Throws the problem listing every error, if there is any. */
    public void throwIfInvalid() {
        if (errors.isEmpty()) {
            return;
        }
        if (status == 422) {
            throw ApiException.invalid("The request has invalid fields", errors);
        }
        throw new ApiException(status, "Bad Request", "The request has invalid query parameters", null, errors);
    }
}
