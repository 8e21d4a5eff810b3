package io.pulse.evidence.evidence.service;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.HttpConfig;
import io.pulse.common.web.PageRequest;
import io.pulse.evidence.evidence.api.EvidenceFilter;
import io.pulse.evidence.evidence.api.EvidenceLimits;

/** Turns the listing's raw query parameters into an {@link EvidenceFilter}; any bad parameter is a 400 listing it. */
@ApplicationScoped
public class EvidenceFilters {

    /** The values of {@code evidence.source} (the schema's check constraint). */
    public static final Set<String> SOURCES = Set.of("gitlab", "jira", "upload", "manual");

    private final HttpConfig http;

    public EvidenceFilters(HttpConfig http) {
        this.http = http;
    }

    public EvidenceFilter parse(
            String source,
            String category,
            List<String> tags,
            String from,
            String to,
            String q,
            String periodId,
            String cursor,
            String limit) {
        FieldChecks checks = FieldChecks.forQuery();
        if (source != null && !SOURCES.contains(source)) {
            checks.error("source", "must be one of gitlab, jira, manual, upload");
        }
        if (category != null && !EvidenceValidator.CATEGORY.matcher(category).matches()) {
            checks.error("category", "must be a lowercase slug such as code-review");
        }
        LinkedHashSet<String> tagSet = new LinkedHashSet<>();
        if (tags != null) {
            if (tags.size() > EvidenceLimits.MAX_TAG_FILTERS) {
                checks.error("tag", "may be given at most " + EvidenceLimits.MAX_TAG_FILTERS + " times");
            }
            for (String tag : tags) {
                if (tag == null || !EvidenceValidator.TAG.matcher(tag).matches()) {
                    checks.error("tag", "is not a valid tag");
                    break;
                }
                tagSet.add(tag);
            }
        }
        Instant fromInstant = checks.from("from", from);
        Instant toInstant = checks.to("to", to);
        checks.ordered(fromInstant, toInstant, "to", "from");
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null) {
            checks.text("q", text, EvidenceLimits.MAX_QUERY_TEXT);
        }
        java.util.UUID period = checks.id("period_id", periodId, "must be the id of one of your periods");
        PageRequest page = PageRequest.parse(limit, cursor, http.paging(), checks);
        checks.throwIfInvalid();
        return new EvidenceFilter(source, category, List.copyOf(tagSet), fromInstant, toInstant, text, period, page);
    }
}
