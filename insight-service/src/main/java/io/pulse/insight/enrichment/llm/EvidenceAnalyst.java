package io.pulse.insight.enrichment.llm;

import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.insight.llm.LlmChatModel;
import io.quarkiverse.langchain4j.RegisterAiService;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/**
 * Summarises and classifies one evidence item with the configured LLM. No chat memory: every call stands alone, so
 * one user's evidence can never appear in a prompt made for another.
 */
@ApplicationScoped
@RegisterAiService(
        chatLanguageModelSupplier = LlmChatModel.class,
        chatMemoryProviderSupplier = RegisterAiService.NoChatMemoryProviderSupplier.class)
public interface EvidenceAnalyst {

    @SystemMessage("""
            You analyse one item of an engineer's work evidence for their performance review.
            Reply with a single JSON object and nothing else, with exactly these fields:
            "summary": one or two factual sentences (at most 400 characters) on what was done and its outcome;
            "categories": up to 3 of feature, bugfix, code-review, documentation, incident, planning, mentoring,
            performance, testing, infrastructure, most fitting first;
            "keyPhrases": up to 6 short phrases taken from the text;
            "sentiment": a number from -1 (trouble) to 1 (clear success).
            Use only what the item says; never invent numbers or outcomes.""")
    @UserMessage("""
            Evidence item (source: {source})
            Title: {title}
            Content:
            {content}""")
    LlmAnalysis analyse(String source, String title, String content);
}
