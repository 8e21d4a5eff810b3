package io.pulse.evidence.evidence.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.web.ApiException;
import io.pulse.common.web.Problem;
import io.pulse.evidence.config.EvidenceConfig;
import io.pulse.evidence.evidence.api.EvidenceFilter;
import io.pulse.evidence.evidence.api.EvidenceLimits;

/** Turns the listing's raw query parameters into an {@link EvidenceFilter}; any bad parameter is a 400. */
@ApplicationScoped
public class EvidenceFilters {

    /** The values of {@code evidence.source} (the schema's check constraint). */
    public static final Set<String> SOURCES = Set.of("gitlab", "jira", "document", "manual");

    private final EvidenceConfig config;

    public EvidenceFilters(EvidenceConfig config) {
        this.config = config;
    }

    public EvidenceFilter parse(
            String source,
            String category,
            List<String> tags,
            String from,
            String to,
            String q,
            String cursor,
            String limit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (source != null && !SOURCES.contains(source)) {
            errors.add(new Problem.FieldError("source", "must be one of document, gitlab, jira, manual"));
        }
        if (category != null && !EvidenceValidator.CATEGORY.matcher(category).matches()) {
            errors.add(new Problem.FieldError("category", "must be a lowercase slug such as code-review"));
        }
        LinkedHashSet<String> tagSet = new LinkedHashSet<>();
        if (tags != null) {
            if (tags.size() > EvidenceLimits.MAX_TAG_FILTERS) {
                errors.add(new Problem.FieldError(
                        "tag", "may be given at most " + EvidenceLimits.MAX_TAG_FILTERS + " times"));
            }
            for (String tag : tags) {
                if (tag == null || !EvidenceValidator.TAG.matcher(tag).matches()) {
                    errors.add(new Problem.FieldError("tag", "is not a valid tag"));
                    break;
                }
                tagSet.add(tag);
            }
        }
        Instant fromInstant = instant("from", from, errors);
        Instant toInstant = instant("to", to, errors);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            errors.add(new Problem.FieldError("to", "must be after from"));
        }
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > EvidenceLimits.MAX_QUERY_TEXT) {
            errors.add(new Problem.FieldError("q", "must be at most " + EvidenceLimits.MAX_QUERY_TEXT + " characters"));
        }
        int pageSize = config.listing().defaultPageSize();
        if (limit != null) {
            try {
                pageSize = Integer.parseInt(limit.strip());
                if (pageSize < 1 || pageSize > config.listing().maxPageSize()) {
                    errors.add(new Problem.FieldError(
                            "limit", "must be between 1 and " + config.listing().maxPageSize()));
                }
            } catch (NumberFormatException e) {
                errors.add(new Problem.FieldError("limit", "must be an integer"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, "Bad Request", "The query has invalid parameters", null, errors);
        }
        EvidenceFilter.Position after = cursor == null || cursor.isEmpty() ? null : EvidenceCursor.decode(cursor);
        return new EvidenceFilter(source, category, List.copyOf(tagSet), fromInstant, toInstant, text, after, pageSize);
    }

    private static Instant instant(String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(
                    field, "must be an ISO-8601 date-time with offset, e.g. 2026-01-31T00:00:00Z"));
            return null;
        }
    }
}
