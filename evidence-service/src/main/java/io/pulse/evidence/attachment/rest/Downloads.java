package io.pulse.evidence.attachment.rest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pulse.evidence.attachment.api.AttachmentView;
import io.pulse.evidence.attachment.api.ByteRange;

/**
 * The HTTP side of a download (RFC 9110): conditional requests on the content's SHA-256 entity tag
 * ({@code If-None-Match} → 304), one byte range ({@code Range: bytes=a-b | a- | -n}, honoured only while
 * {@code If-Range} still matches; several ranges or a malformed header get the whole file, as the RFC allows;
 * unsatisfiable → 416 with {@code Content-Range: bytes * /size}), and headers that keep a browser from rendering
 * the file in the service's origin ({@code Content-Disposition: attachment}, {@code nosniff}, a sandboxing CSP).
 */
final class Downloads {

    private static final int MAX_HEADER = 200;

    private Downloads() {}

    /**
     * What to answer.
     *
     * @param status 200, 206, 304 or 416
     * @param range the bytes to send, or null for none
     */
    record Plan(int status, Map<String, List<String>> headers, ByteRange range) {}

    static Plan plan(AttachmentView attachment, String rangeHeader, String ifNoneMatch, String ifRange) {
        String etag = etag(attachment);
        long size = attachment.sizeBytes();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("ETag", List.of(etag));
        headers.put("Accept-Ranges", List.of("bytes"));
        headers.put("Cache-Control", List.of("private, no-cache"));
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return new Plan(304, headers, null);
        }
        headers.put("Content-Disposition", List.of(contentDisposition(attachment.fileName())));
        headers.put("X-Content-Type-Options", List.of("nosniff"));
        headers.put("Content-Security-Policy", List.of("default-src 'none'; sandbox"));
        boolean rangeApplies =
                rangeHeader != null && (ifRange == null || ifRange.strip().equals(etag));
        ByteRange range = rangeApplies ? parseRange(rangeHeader, size) : null;
        if (range == UNSATISFIABLE) {
            headers.put("Content-Range", List.of("bytes */" + size));
            headers.put("Content-Type", List.of("application/problem+json"));
            return new Plan(416, headers, null);
        }
        headers.put("Content-Type", List.of(attachment.contentType()));
        if (range != null) {
            headers.put("Content-Range", List.of("bytes " + range.first() + "-" + range.last() + "/" + size));
            headers.put("Content-Length", List.of(Long.toString(range.length())));
            return new Plan(206, headers, range);
        }
        headers.put("Content-Length", List.of(Long.toString(size)));
        return new Plan(200, headers, ByteRange.whole(size));
    }

    static String etag(AttachmentView attachment) {
        return "\"" + attachment.sha256() + "\"";
    }

    private static boolean matches(String header, String etag) {
        if (header.length() > 4096) {
            return false;
        }
        for (String tag : header.split(",")) {
            String t = tag.strip();
            // If-None-Match compares weakly: W/"x" matches "x".
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /** Marks a range that cannot be satisfied (416). */
    private static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    /** The one range asked for, null to send everything, or {@link #UNSATISFIABLE}. */
    static ByteRange parseRange(String header, long size) {
        String h = header.strip();
        if (h.length() > MAX_HEADER || !h.toLowerCase(Locale.ROOT).startsWith("bytes=") || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix < 0) {
                    return null;
                }
                return suffix == 0 ? UNSATISFIABLE : new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (first < 0 || last < first) {
                return null;
            }
            if (first >= size) {
                return UNSATISFIABLE;
            }
            return new ByteRange(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@code attachment} with an ASCII fallback name and the exact name in RFC 5987 form: quotes, backslashes,
     * separators and anything outside printable ASCII never reach the quoted string.
     */
    static String contentDisposition(String name) {
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' && c != '%' ? c : '_');
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
