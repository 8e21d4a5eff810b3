package io.pulse.insight.insights.generation;

import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.insight.llm.LlmChatModel;
import io.quarkiverse.langchain4j.RegisterAiService;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/**
 * Drafts insights from one user's evidence with the configured LLM. No chat memory: each call stands alone, so one
 * user's evidence never reaches a prompt made for another. The answer is untrusted: {@link LlmInsightGenerator}
 * checks its shape and every cited id.
 */
@ApplicationScoped
@RegisterAiService(
        chatLanguageModelSupplier = LlmChatModel.class,
        chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface InsightAuthor {

    @SystemMessage("""
            You help an engineer prepare a performance review from their own work evidence.
            From the evidence items given, write up to 8 insights. Reply with one JSON object and nothing else:
            {"insights": [{"type": "strength" | "improvement" | "achievement" | "trend",
                           "title": "at most 120 characters",
                           "description": "at most 600 characters, grounded in the cited items",
                           "evidenceIds": ["ids of the items this insight is based on, copied exactly"],
                           "confidence": a number from 0 to 1}]}
            Every insight must cite at least one item by its id from the list. Never cite an id that is not in the
            list and never state facts the items do not contain.""")
    @UserMessage("""
            Review period: {periodStart} to {periodEnd}.
            Evidence items (one per line: [id] date | category | title: summary):
            {evidence}""")
    LlmInsights draft(String periodStart, String periodEnd, String evidence);
}
