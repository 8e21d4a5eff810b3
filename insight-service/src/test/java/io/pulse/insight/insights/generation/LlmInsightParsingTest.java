package io.pulse.insight.insights.generation;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LlmInsightParsingTest {

    @Test
    void wellFormedAnswerKeepsOnlyUuidCitations() {
        UUID id = UUID.randomUUID();
        var answer = new LlmInsights(List.of(
                new LlmInsights.Item("Strength", "Title", "Description", List.of(id.toString(), "item-1", " "), 0.7)));
        var parsed = LlmInsightGenerator.parse(answer, "llm:test").orElseThrow();
        assertThat(parsed).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo("strength");
            assertThat(c.evidenceIds()).containsExactly(id);
        });
    }

    @Test
    void wrongTypeOrConfidenceOrMissingListIsMalformed() {
        assertThat(LlmInsightGenerator.parse(new LlmInsights(null), "m")).isEmpty();
        assertThat(LlmInsightGenerator.parse(
                        new LlmInsights(List.of(new LlmInsights.Item("superpower", "t", "d", List.of(), 0.5))), "m"))
                .isEmpty();
        assertThat(LlmInsightGenerator.parse(
                        new LlmInsights(List.of(new LlmInsights.Item("trend", "t", "d", List.of(), 1.5))), "m"))
                .isEmpty();
        assertThat(LlmInsightGenerator.parse(
                        new LlmInsights(List.of(new LlmInsights.Item("trend", " ", "d", List.of(), 0.5))), "m"))
                .isEmpty();
    }
}
