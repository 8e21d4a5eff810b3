package io.pulse.insight.enrichment.llm;

import java.util.List;

/** The LLM's analysis of one item, as it answered; checked before use. */
public record LlmAnalysis(String summary, List<String> categories, List<String> keyPhrases, Double sentiment) {}
