package io.pulse.sync.ingest;

/**
 * Fits source text into evidence's limits without breaking it: cuts fall on code point boundaries (never inside a
 * surrogate pair, which the database would store as {@code ?}) and, where one is near, on a word boundary, marked
 * with an ellipsis. {@link #fit} keeps an item's summary lines (project, branch, commits, status) whole and cuts the
 * free text before them. Lone surrogates and NUL from a source become U+FFFD and nothing.
 */
public final class TextCut {

    /** Appended where text was cut. */
    public static final String MARK = " […]";

    /** How far back a cut looks for whitespace before it settles for a code point boundary. */
    private static final int WORD_LOOKBACK = 200;

    private TextCut() {}

    /** The text, cleaned, at most {@code max} UTF-16 units long. */
    public static String cut(String text, int max) {
        String clean = clean(text);
        if (clean.length() <= max) {
            return clean;
        }
        if (max <= MARK.length()) {
            return clean.substring(0, boundary(clean, max));
        }
        int end = boundary(clean, max - MARK.length());
        // A cut right before whitespace already ends a word; otherwise step back to the last whitespace, if near.
        if (!Character.isWhitespace(clean.charAt(end))) {
            int floor = Math.max(0, end - WORD_LOOKBACK);
            for (int i = end; i > floor; i--) {
                if (Character.isWhitespace(clean.charAt(i - 1))) {
                    end = i - 1;
                    break;
                }
            }
        }
        return clean.substring(0, end).stripTrailing() + MARK;
    }

    /**
     * {@code head + body + footer} in at most {@code max} units: the footer (up to half of {@code max}) and the head
     * (up to a quarter) are kept, the body gets what is left.
     */
    public static String fit(String head, String body, String footer, int max) {
        String f = cut(footer, max / 2);
        String h = cut(head, max / 4);
        String b = cut(body, max - f.length() - h.length());
        return h + b + f;
    }

    /** The largest index at or before {@code index} that does not split a surrogate pair. */
    private static int boundary(String text, int index) {
        if (index > 0
                && index < text.length()
                && Character.isHighSurrogate(text.charAt(index - 1))
                && Character.isLowSurrogate(text.charAt(index))) {
            return index - 1;
        }
        return index;
    }

    /** Null as empty, NUL dropped, lone surrogates replaced. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            boolean bad = c == '\u0000' || Character.isSurrogate(c);
            if (bad && out == null) {
                out = new StringBuilder(n).append(text, 0, i);
            }
            if (out != null) {
                if (c != '\u0000') {
                    out.append(bad ? '\uFFFD' : c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
