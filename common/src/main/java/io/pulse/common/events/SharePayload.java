package io.pulse.common.events;

import java.util.UUID;

/**
 * Body of the share events. The envelope's user is the owner (the key keeps one owner's shares in order); the
 * manager is named here so that their stream can show the share.
 *
 * @param shareId the share
 * @param managerId the profile the item is shared with
 * @param kind {@code packet}, {@code evidence} or {@code insight}
 * @param itemId the shared item's id
 */
public record SharePayload(UUID shareId, UUID managerId, String kind, UUID itemId) implements EventPayload {}
