package io.pulse.evidence.review.rest;

import java.util.UUID;

import io.pulse.common.web.ApiException;

/** Path ids of the review resources: a malformed id cannot name anything, so it is a 404 like an unknown one. */
public final class Ids {

    private Ids() {}

    public static UUID parse(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.notFound(what);
        }
    }
}
