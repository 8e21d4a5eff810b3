package io.pulse.common.web;

import java.util.UUID;

/**
 * Ids in request paths. A malformed id cannot name anything, so it is answered exactly like an unknown one: 404 for
 * {@code what}, never a 400 that would tell the two apart.
 */
public final class PathIds {

    private PathIds() {}

    public static UUID parse(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.notFound(what);
        }
    }
}
