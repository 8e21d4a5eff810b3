package io.pulse.common.events;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Body of the insight-generation events: where one generation request stands. Written when the request is queued
 * ({@code pending}) and when it ends ({@code completed} or {@code failed}), in the same transaction as its effect.
 *
 * @param requestId the request (the id {@code POST /api/v1/insights/generate} answered)
 * @param status {@code pending}, {@code completed} or {@code failed}
 * @param trigger {@code api} (asked for by the owner) or {@code enrichment} (the rolling window after new evidence)
 * @param generator what wrote the insights ({@code model_version}), e.g. {@code llm:gpt-4o-mini},
 *     {@code evidence-semantic-v2} or {@code evidence-semantic-v2(llm-unavailable)}; null until completed
 * @param fallback whether the statistical generator stood in for the LLM
 * @param reason why it fell back or failed: {@code llm_unavailable}, {@code llm_malformed_output} or
 *     {@code generation_error}; null otherwise
 * @param llmError the class of the LLM's failure ({@code timeout}, {@code rate_limited}, {@code 5xx}, {@code 4xx},
 *     {@code auth}, {@code connection}, {@code malformed}, {@code other}); never an error text
 * @param retiredInsightIds unreviewed insights of the same scope that this generation superseded
 */
public record InsightGenerationPayload(
        UUID requestId,
        String status,
        String trigger,
        LocalDate periodStart,
        LocalDate periodEnd,
        String generator,
        boolean fallback,
        String reason,
        String llmError,
        int insightsCreated,
        int insightsUpdated,
        int insightsRetired,
        List<UUID> retiredInsightIds)
        implements EventPayload {

    public InsightGenerationPayload {
        retiredInsightIds = retiredInsightIds == null ? List.of() : List.copyOf(retiredInsightIds);
    }
}
