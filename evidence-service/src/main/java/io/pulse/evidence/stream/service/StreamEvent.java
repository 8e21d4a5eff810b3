package io.pulse.evidence.stream.service;

import java.time.Instant;
import java.util.UUID;

/**
 * An event on its way to the owner's streams.
 *
 * @param id the envelope's event id (the SSE id, used for Last-Event-ID)
 * @param type the envelope's type (the SSE event name)
 * @param userId the owner; only the owner's streams carry it
 * @param json the envelope as JSON (the SSE data)
 * @param receivedAt when this instance received it (replay retention)
 */
public record StreamEvent(String id, String type, UUID userId, String json, Instant receivedAt) {}
