package io.pulse.evidence.attachment.service;

import java.text.Normalizer;

/**
 * File names as a client sends them, made safe to store and to send back in Content-Disposition. A name is a name,
 * never a path: one with a path separator or a dot-only segment ({@code ../x}, {@code a/b}, {@code ..}) is refused
 * rather than guessed at. Otherwise control and format characters (including bidirectional overrides that disguise
 * extensions) are removed, characters that file systems reserve become {@code _}, and the length is capped with the
 * extension kept.
 */
final class FileNames {

    /** The name used when nothing usable is left. */
    static final String FALLBACK = "upload";

    private static final String RESERVED = "<>:\"|?*";

    private FileNames() {}

    /** Whether the name tries to be a path (refused with 422). */
    static boolean isPath(String name) {
        if (name == null) {
            return false;
        }
        String n = Normalizer.normalize(name, Normalizer.Form.NFKC);
        if (n.indexOf('/') >= 0 || n.indexOf('\\') >= 0) {
            return true;
        }
        String stripped = n.strip();
        return !stripped.isEmpty() && stripped.chars().allMatch(c -> c == '.');
    }

    /** The stored name: cleaned, at most {@code max} characters, never empty. Call only when {@link #isPath} is false. */
    static String sanitize(String name, int max) {
        if (name == null) {
            return FALLBACK;
        }
        String n = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp)
                    || type == Character.FORMAT
                    || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE
                    || type == Character.UNASSIGNED) {
                continue;
            }
            if (RESERVED.indexOf(cp) >= 0) {
                out.append('_');
            } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                out.append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        // Leading dots hide files; trailing dots and spaces are dropped by some file systems.
        String clean = out.toString().replaceAll(" {2,}", " ").strip();
        clean = clean.replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
        if (clean.isEmpty()) {
            return FALLBACK;
        }
        return cap(clean, max);
    }

    /** The name without its extension, for titles. */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String cap(String name, int max) {
        if (name.codePointCount(0, name.length()) <= max) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String stem = extension.isEmpty() ? name : name.substring(0, dot);
        int keep = Math.max(1, max - extension.codePointCount(0, extension.length()));
        keep = Math.min(keep, stem.codePointCount(0, stem.length()));
        return stem.substring(0, stem.offsetByCodePoints(0, keep)).strip() + extension;
    }
}
