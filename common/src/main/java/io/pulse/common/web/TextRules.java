package io.pulse.common.web;

/**
 * What every text field must be: valid Unicode (no unpaired surrogate), no NUL (PostgreSQL text cannot hold it), and
 * at least one visible character (a title of zero-width spaces is empty to a person and useless to every worker).
 */
public final class TextRules {

    private TextRules() {}

    /** Why the text is not acceptable, or null when it is. */
    public static String problem(String value) {
        boolean visible = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "must not contain the NUL character";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return "must be valid Unicode (unpaired surrogate)";
                }
                visible = true;
                i++;
                continue;
            }
            if (Character.isLowSurrogate(c)) {
                return "must be valid Unicode (unpaired surrogate)";
            }
            if (!visible && isVisible(c)) {
                visible = true;
            }
        }
        return visible ? null : "must contain visible characters";
    }

    /**
     * Why the text cannot be stored at all (NUL or an unpaired surrogate), or null; unlike {@link #problem} it accepts
     * empty and invisible text, which only some fields refuse.
     */
    public static String malformation(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "must not contain the NUL character";
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode (unpaired surrogate)";
            }
        }
        return null;
    }

    private static boolean isVisible(char c) {
        if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
            return false;
        }
        int type = Character.getType(c);
        // Format characters: zero-width space/joiners, BOM, directional marks.
        return type != Character.FORMAT && type != Character.UNASSIGNED && type != Character.PRIVATE_USE;
    }
}
