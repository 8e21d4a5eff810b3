package io.pulse.evidence.mcp.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code add_note}: the new manual evidence item, stored exactly as {@code POST /api/v1/evidence} stores
 * it (its event goes through the outbox to enrichment).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NoteAdded(
        String evidenceId, String title, List<String> tags, String occurredAt, long version, Citation citation) {}
