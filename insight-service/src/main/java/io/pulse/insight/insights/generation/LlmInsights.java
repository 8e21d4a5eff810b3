package io.pulse.insight.insights.generation;

import java.util.List;

/** The LLM's answer, as parsed; every field is checked before anything is kept. */
public record LlmInsights(List<Item> insights) {

    /** One drafted insight; ids are strings because the model may write anything there. */
    public record Item(String type, String title, String description, List<String> evidenceIds, Double confidence) {}
}
