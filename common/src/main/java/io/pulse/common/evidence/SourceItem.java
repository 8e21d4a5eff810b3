package io.pulse.common.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One evidence item as a source describes it, before it is stored.
 *
 * @param sourceId stable id at the source, {@code <source>:<kind>:<id...>}; the kind prefix scopes deletions
 * @param occurredAt when the work happened; always at or before the source's own "updated" time of the listed
 *     object, which is what lets a windowed sync detect deletions (see sync-service's deletion sweep)
 */
public record SourceItem(
        String sourceId,
        String sourceUrl,
        String title,
        String content,
        String category,
        List<String> tags,
        Instant occurredAt) {

    /** Longest title stored; longer ones are cut. */
    public static final int MAX_TITLE = 500;
    /** Longest content stored; longer ones are cut. */
    public static final int MAX_CONTENT = 100_000;

    public SourceItem {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        title = cut(title == null || title.isBlank() ? sourceId : title.strip(), MAX_TITLE);
        content = cut(content == null ? "" : content.strip(), MAX_CONTENT);
        tags = tags == null
                ? List.of()
                : tags.stream()
                        .filter(Objects::nonNull)
                        .map(String::strip)
                        .filter(t -> !t.isEmpty())
                        .distinct()
                        .toList();
    }

    private static String cut(String text, int max) {
        // PostgreSQL text cannot hold NUL; sources occasionally send it in descriptions.
        String clean = text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
