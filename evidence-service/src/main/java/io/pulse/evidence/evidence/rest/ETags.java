package io.pulse.evidence.evidence.rest;

import java.util.HashSet;
import java.util.Set;

import io.pulse.common.web.ApiException;
import io.pulse.evidence.evidence.api.IfMatch;

/** Entity tags of evidence: the version in quotes, compared strongly (RFC 9110). */
final class ETags {

    private static final int MAX_HEADER = 1024;

    private ETags() {}

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Reads If-Match. A missing header is a 428: changes require the caller to show which version they saw. Weak or
     * unparseable tags never match (strong comparison), which ends in a 412.
     */
    static IfMatch ifMatch(String header) {
        if (header == null || header.isBlank()) {
            throw new ApiException(
                    428,
                    "Precondition Required",
                    "Send If-Match with the ETag of the version you read, so concurrent edits are not lost");
        }
        if (header.length() > MAX_HEADER) {
            throw ApiException.badRequest("If-Match is too long");
        }
        Set<Long> versions = new HashSet<>();
        for (String part : header.split(",")) {
            String tag = part.strip();
            if (tag.equals("*")) {
                return new IfMatch(true, Set.of());
            }
            if (tag.length() >= 3 && tag.startsWith("\"") && tag.endsWith("\"")) {
                try {
                    versions.add(Long.parseLong(tag.substring(1, tag.length() - 1)));
                } catch (NumberFormatException e) {
                    // Not one of ours: it can never match.
                }
            }
        }
        return new IfMatch(false, Set.copyOf(versions));
    }
}
