package io.pulse.insight.enrichment.analysis;

import java.util.List;

/**
 * What enrichment derives from an item's text.
 *
 * @param summary a short summary
 * @param categories suggested categories, most likely first (from {@link Categories#ALL})
 * @param keyPhrases the item's key phrases, most important first
 * @param sentiment tone of the text in [-1, 1]
 * @param method how it was produced, e.g. {@code extractive-v1} or {@code llm:gpt-4o-mini}
 */
public record Analysis(
        String summary, List<String> categories, List<String> keyPhrases, double sentiment, String method) {

    public Analysis {
        categories = List.copyOf(categories);
        keyPhrases = List.copyOf(keyPhrases);
    }

    public Analysis withCategories(List<String> suggested) {
        return new Analysis(summary, suggested, keyPhrases, sentiment, method);
    }
}
