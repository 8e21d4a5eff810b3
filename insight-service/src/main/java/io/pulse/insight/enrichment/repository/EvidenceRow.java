package io.pulse.insight.enrichment.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The fields of an evidence row that enrichment reads. */
public record EvidenceRow(
        UUID id,
        UUID userId,
        String title,
        String content,
        String source,
        String category,
        List<String> tags,
        OffsetDateTime occurredAt,
        long version) {}
