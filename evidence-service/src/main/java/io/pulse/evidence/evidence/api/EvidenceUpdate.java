package io.pulse.evidence.evidence.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A partial update (merge-patch semantics). Each accessor tells three cases apart: {@code null} when the field was
 * absent (keep the current value), {@link Optional#empty()} for an explicit JSON {@code null} (clear it; refused for
 * title, content and occurred_at), and a present value. A class with setters rather than a record, because Jackson
 * hands records {@code Optional.empty()} for absent fields too.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "EvidenceUpdate", description = "Fields to change; absent fields stay, null clears optional ones")
public final class EvidenceUpdate {

    @Schema(implementation = String.class, maxLength = EvidenceLimits.MAX_TITLE)
    private Optional<String> title;

    @Schema(implementation = String.class, maxLength = EvidenceLimits.MAX_CONTENT)
    private Optional<String> content;

    @Schema(
            implementation = String.class,
            nullable = true,
            maxLength = EvidenceLimits.MAX_CATEGORY,
            pattern = EvidenceLimits.CATEGORY_PATTERN)
    private Optional<String> category;

    @Schema(implementation = String[].class, nullable = true, maxItems = EvidenceLimits.MAX_TAGS)
    private Optional<List<String>> tags;

    @Schema(implementation = String.class, nullable = true, maxLength = EvidenceLimits.MAX_URL)
    private Optional<String> sourceUrl;

    @Schema(implementation = String.class, format = "date-time")
    private Optional<Instant> occurredAt;

    public Optional<String> title() {
        return title;
    }

    public void setTitle(Optional<String> title) {
        this.title = orEmpty(title);
    }

    public Optional<String> content() {
        return content;
    }

    public void setContent(Optional<String> content) {
        this.content = orEmpty(content);
    }

    public Optional<String> category() {
        return category;
    }

    public void setCategory(Optional<String> category) {
        this.category = orEmpty(category);
    }

    public Optional<List<String>> tags() {
        return tags;
    }

    public void setTags(Optional<List<String>> tags) {
        this.tags = orEmpty(tags);
    }

    public Optional<String> sourceUrl() {
        return sourceUrl;
    }

    public void setSourceUrl(Optional<String> sourceUrl) {
        this.sourceUrl = orEmpty(sourceUrl);
    }

    public Optional<Instant> occurredAt() {
        return occurredAt;
    }

    public void setOccurredAt(Optional<Instant> occurredAt) {
        this.occurredAt = orEmpty(occurredAt);
    }

    /** A setter is only called for a field that is present; a JSON null may arrive as a null Optional. */
    private static <T> Optional<T> orEmpty(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
