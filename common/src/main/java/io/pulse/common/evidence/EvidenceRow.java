package io.pulse.common.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A row of {@code evidence} as the services read it (without the embedding).
 *
 * @param attachments the download paths of the item's attachments, in upload order (the design's attachment
 *     references)
 */
public record EvidenceRow(
        UUID id,
        UUID userId,
        String title,
        String content,
        String summary,
        String source,
        String sourceId,
        String sourceUrl,
        String category,
        List<String> tags,
        List<String> attachments,
        Map<String, Object> aiMetadata,
        Instant occurredAt,
        long version,
        Instant createdAt,
        Instant updatedAt) {}
