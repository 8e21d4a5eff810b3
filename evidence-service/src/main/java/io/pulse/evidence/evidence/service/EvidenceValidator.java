package io.pulse.evidence.evidence.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.pulse.common.evidence.EvidenceFields;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.evidence.evidence.api.EvidenceLimits;
import io.pulse.evidence.evidence.api.EvidenceUpdate;
import io.pulse.evidence.evidence.api.NewEvidence;

/** Validates and normalises what a person writes on an evidence item; every problem is reported at once (422). */
final class EvidenceValidator {

    static final Pattern TAG = Pattern.compile(EvidenceLimits.TAG_PATTERN);
    static final Pattern CATEGORY = Pattern.compile(EvidenceLimits.CATEGORY_PATTERN);
    /** Work cannot have happened in the future; a day of slack covers clock skew and time zones. */
    private static final Duration FUTURE_SLACK = Duration.ofDays(1);

    private final Clock clock;

    /** Nobody's work evidence predates this; older dates are typos or probes (and PostgreSQL's range ends). */
    private static final Instant EARLIEST_WORK = Instant.parse("1970-01-01T00:00:00Z");

    EvidenceValidator(Clock clock) {
        this.clock = clock;
    }

    EvidenceFields forCreate(NewEvidence input) {
        if (input == null) {
            throw ApiException.badRequest("A JSON object body is required");
        }
        FieldChecks checks = FieldChecks.forBody();
        String title = required(checks, "title", input.title(), EvidenceLimits.MAX_TITLE);
        String content = required(checks, "content", input.content(), EvidenceLimits.MAX_CONTENT);
        String category = category(checks, input.category());
        List<String> tags = tags(checks, input.tags());
        String sourceUrl = blankToNull(input.sourceUrl());
        checks.httpUrl("source_url", sourceUrl, EvidenceLimits.MAX_URL);
        Instant occurredAt = occurredAt(checks, input.occurredAt() == null ? now() : input.occurredAt());
        checks.throwIfInvalid();
        return new EvidenceFields(title, content, category, tags, sourceUrl, occurredAt);
    }

    /** The fields after applying the update to the current ones. */
    EvidenceFields forUpdate(EvidenceFields current, EvidenceUpdate update) {
        if (update == null) {
            throw ApiException.badRequest("A JSON object body is required");
        }
        FieldChecks checks = FieldChecks.forBody();
        String title = update.title() == null
                ? current.title()
                : required(checks, "title", update.title().orElse(null), EvidenceLimits.MAX_TITLE);
        String content = update.content() == null
                ? current.content()
                : required(checks, "content", update.content().orElse(null), EvidenceLimits.MAX_CONTENT);
        String category = update.category() == null
                ? current.category()
                : category(checks, update.category().orElse(null));
        List<String> tags = update.tags() == null
                ? current.tags()
                : tags(checks, update.tags().orElse(null));
        String sourceUrl = current.sourceUrl();
        if (update.sourceUrl() != null) {
            sourceUrl = blankToNull(update.sourceUrl().orElse(null));
            checks.httpUrl("source_url", sourceUrl, EvidenceLimits.MAX_URL);
        }
        Instant occurredAt = current.occurredAt();
        if (update.occurredAt() != null) {
            if (update.occurredAt().isEmpty()) {
                checks.error("occurred_at", "must not be null");
            } else {
                occurredAt = occurredAt(checks, update.occurredAt().get());
            }
        } else if (occurredAt.isBefore(EARLIEST_WORK)) {
            // Stored before the range was enforced (PostgreSQL keeps dates back to 4713 BC, which the write path
            // cannot carry); the owner fixes it with this same request.
            checks.error("occurred_at", "the stored date is before " + EARLIEST_WORK + "; set occurred_at as well");
        }
        checks.throwIfInvalid();
        return new EvidenceFields(title, content, category, tags, sourceUrl, occurredAt);
    }

    private static String required(FieldChecks checks, String field, String value, int max) {
        if (value == null) {
            checks.error(field, "is required");
            return null;
        }
        String stripped = field.equals("title") ? value.strip() : value;
        checks.text(field, stripped, max);
        return stripped;
    }

    private static String category(FieldChecks checks, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > EvidenceLimits.MAX_CATEGORY) {
            checks.error("category", "must be at most " + EvidenceLimits.MAX_CATEGORY + " characters");
        } else if (!CATEGORY.matcher(value).matches()) {
            checks.error("category", "must be a lowercase slug such as code-review");
        }
        return value;
    }

    private static List<String> tags(FieldChecks checks, List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > EvidenceLimits.MAX_TAGS) {
            checks.error("tags", "must have at most " + EvidenceLimits.MAX_TAGS + " items");
            return List.of();
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String tag = values.get(i);
            String field = "tags[" + i + "]";
            if (tag == null) {
                checks.error(field, "must not be null");
            } else if (tag.length() > EvidenceLimits.MAX_TAG) {
                checks.error(field, "must be at most " + EvidenceLimits.MAX_TAG + " characters");
            } else if (!TAG.matcher(tag).matches()) {
                checks.error(field, "must start with a letter or digit and use only letters, digits and . _ + # -");
            } else {
                distinct.add(tag);
            }
        }
        return new ArrayList<>(distinct);
    }

    private Instant occurredAt(FieldChecks checks, Instant value) {
        Instant truncated = value.truncatedTo(ChronoUnit.MICROS);
        if (truncated.isAfter(now().plus(FUTURE_SLACK))) {
            checks.error("occurred_at", "must not be in the future");
        } else if (truncated.isBefore(EARLIEST_WORK)) {
            checks.error("occurred_at", "must not be before " + EARLIEST_WORK);
        }
        return truncated;
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static String blankToNull(String value) {
        return Optional.ofNullable(value)
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .orElse(null);
    }
}
