package io.pulse.evidence.evidence.api;

import java.util.Set;

/**
 * The versions an If-Match header accepts.
 *
 * @param any true for {@code If-Match: *} (any current version)
 * @param versions the strong entity tags it lists, as versions
 */
public record IfMatch(boolean any, Set<Long> versions) {

    public boolean matches(long version) {
        return any || versions.contains(version);
    }
}
