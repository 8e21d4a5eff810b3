package io.pulse.insight.enrichment.repository;

import io.pulse.common.evidence.EvidenceRow;

/**
 * What enrichment writes to one row.
 *
 * @param row the row as read (its version guards the write)
 * @param summary the summary
 * @param aiMetadataJson the keys merged into {@code ai_metadata}
 * @param embedding the vector in pgvector text form
 * @param embeddingModel the model that produced it
 */
public record EnrichmentWrite(
        EvidenceRow row, String summary, String aiMetadataJson, String embedding, String embeddingModel) {}
