package io.pulse.evidence.attachment.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.pulse.common.web.TextRules;
import io.pulse.evidence.evidence.api.EvidenceLimits;

/** Turns what extraction found into an evidence item's title, content and time. Pure functions. */
final class UploadContent {

    private static final Instant EARLIEST_WORK = Instant.parse("1970-01-01T00:00:00Z");
    private static final String GAP = "\n\n";

    private UploadContent() {}

    /** The document's own title when it has a usable one, else the file name without its extension. */
    static String title(String documentTitle, String fileName) {
        String title = documentTitle == null
                ? ""
                : clean(documentTitle).replaceAll("\\s+", " ").strip();
        if (title.isEmpty() || TextRules.problem(title) != null) {
            title = FileNames.stem(fileName).strip();
        }
        if (title.isEmpty() || TextRules.problem(title) != null) {
            title = fileName;
        }
        return cut(title, EvidenceLimits.MAX_TITLE).strip();
    }

    /**
     * The cleaned text, at most {@code maxChars} long; when extraction was cut (by size or time) the text ends with a
     * note saying so, within the same limit.
     */
    static String content(Extraction extraction, int maxChars, Duration timeout) {
        String text = clean(extraction.text());
        String note = switch (extraction.outcome()) {
            case TRUNCATED ->
                "[Text cut at " + maxChars + " characters: the document has more. The whole file is attached.]";
            case TIMED_OUT ->
                "[Text extraction stopped after " + timeout.toSeconds()
                        + " s; this is the text read by then. The whole file is attached.]";
            case COMPLETE, NO_TEXT -> null;
        };
        if (note == null) {
            return cut(text, maxChars).strip();
        }
        String kept =
                cut(text, Math.max(0, maxChars - note.length() - GAP.length())).strip();
        return kept.isEmpty() ? note : kept + GAP + note;
    }

    /** Whether the content is cut. */
    static boolean truncated(Extraction extraction) {
        return extraction.outcome() == Extraction.Outcome.TRUNCATED
                || extraction.outcome() == Extraction.Outcome.TIMED_OUT;
    }

    /** When the work happened: the document's creation time when plausible, else now. */
    static Instant occurredAt(Instant created, Clock clock) {
        Instant now = Instant.now(clock);
        Instant when =
                created == null || created.isBefore(EARLIEST_WORK) || created.isAfter(now.plus(Duration.ofDays(1)))
                        ? now
                        : created;
        return when.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Text PostgreSQL can store and people can read: no NUL or other control characters but newline and tab,
     * unpaired surrogates replaced, line ends normalised, runs of blank lines collapsed.
     */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else if (c == '\r') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    out.append('\n');
                }
            } else if (c == '\n' || c == '\t' || !Character.isISOControl(c)) {
                out.append(c);
            }
        }
        return out.toString()
                .replaceAll("[ \\t\\u00A0]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
