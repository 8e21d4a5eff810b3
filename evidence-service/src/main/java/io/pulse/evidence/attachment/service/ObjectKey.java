package io.pulse.evidence.attachment.service;

import java.util.UUID;

/**
 * Names a stored object: it lives under its owner's id, as in the original design's storage bucket
 * ({@code <owner id>/<object id>}), and only that owner can read or write it.
 */
public record ObjectKey(UUID userId, UUID objectId) {

    /** The object's path in the store. */
    public String path() {
        return userId + "/" + objectId;
    }
}
