package io.pulse.evidence.mcp.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One evidence item, as {@code get_evidence} and the {@code pulse://evidence/{id}} resource answer it.
 *
 * @param content the item's text, cut at {@code pulse.mcp.max-content-chars}
 * @param contentTruncated whether {@code content} was cut
 * @param summary written by enrichment, absent until the item is enriched
 * @param keyPhrases key phrases found by enrichment
 * @param suggestedCategories categories suggested by enrichment
 * @param attachments how many files are attached
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EvidenceDetail(
        String evidenceId,
        String title,
        String content,
        boolean contentTruncated,
        String summary,
        String source,
        String category,
        List<String> tags,
        List<String> keyPhrases,
        List<String> suggestedCategories,
        String occurredAt,
        String updatedAt,
        int attachments,
        Citation citation) {}
