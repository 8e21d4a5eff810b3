package io.pulse.common.events;

import java.time.Instant;

/**
 * Body of {@code profile.erased}. The envelope's {@code userId} is the erased profile id: erase everything keyed by it,
 * and every evidence id seen in its events.
 *
 * @param requestedAt when the owner asked for the erasure (the event's occurredAt is when it completed)
 */
public record ProfileErasedPayload(Instant requestedAt) implements EventPayload {}
