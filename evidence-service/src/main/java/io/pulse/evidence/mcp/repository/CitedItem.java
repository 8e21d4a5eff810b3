package io.pulse.evidence.mcp.repository;

import java.time.Instant;
import java.util.UUID;

/** The columns of an evidence item that a citation shows. */
public record CitedItem(UUID id, String title, String source, String sourceUrl, Instant occurredAt) {}
