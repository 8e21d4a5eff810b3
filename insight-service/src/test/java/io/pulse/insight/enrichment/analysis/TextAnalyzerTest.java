package io.pulse.insight.enrichment.analysis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextAnalyzerTest {

    private final TextAnalyzer analyzer = new TextAnalyzer();

    @Test
    void summaryKeepsTheOutcomeSentencesOfLongText() {
        String content = "The checkout service had been slow for weeks and customers complained at peak hours. "
                + "I profiled the request path with async-profiler over two days. "
                + "The team lunch on Thursday was pleasant and we talked about the roadmap. "
                + "I found an N+1 query on cart items and added a Redis cache for price lookups. "
                + "After the release p99 latency dropped from 900ms to 180ms and CPU usage fell by 35%. "
                + "Someone asked about the office plants.";
        Analysis a = analyzer.analyze("Reduced checkout latency", content);
        assertThat(a.summary()).contains("900ms to 180ms").doesNotContain("office plants");
        assertThat(a.summary().length()).isLessThanOrEqualTo(TextAnalyzer.MAX_SUMMARY_CHARS + 1);
        // Categories are read from the item's vector once it is embedded (SemanticLabels), not from word lists.
        assertThat(a.categories()).isEmpty();
        assertThat(a.method()).isEqualTo("extractive-v1");
    }

    @Test
    void shortTextIsItsOwnSummary() {
        Analysis a = analyzer.analyze("Fixed login bug", "Fixed the null pointer crash on login.");
        assertThat(a.summary()).isEqualTo("Fixed the null pointer crash on login.");
    }

    @Test
    void keyPhrasesAreMultiWordCandidatesFromTheText() {
        Analysis a = analyzer.analyze(
                "Database failover runbook",
                "Documented the Postgres replica promotion procedure, verification queries and rollback steps.");
        assertThat(a.keyPhrases()).isNotEmpty();
        assertThat(a.keyPhrases()).anySatisfy(p -> assertThat(p).contains("postgres replica promotion procedure"));
    }

    @Test
    void sentimentFollowsOutcomeAndTroubleWords() {
        double good = analyzer.analyze("Shipped", "Shipped the feature successfully and improved onboarding.")
                .sentiment();
        double bad = analyzer.analyze("Outage", "Outage: the deploy failed, checkout was broken and delayed.")
                .sentiment();
        assertThat(good).isGreaterThan(0.3);
        assertThat(bad).isLessThan(-0.3);
        assertThat(good).isBetween(-1.0, 1.0);
        assertThat(bad).isBetween(-1.0, 1.0);
    }
}
