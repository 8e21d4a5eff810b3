package io.pulse.insight.insights.generation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatisticalInsightGeneratorTest {

    private final StatisticalInsightGenerator generator = new StatisticalInsightGenerator();
    private final Instant now = Instant.parse("2026-06-30T12:00:00Z");

    private EvidenceFact fact(String title, String content, String category, double sentiment, List<String> tags) {
        return new EvidenceFact(
                UUID.randomUUID(),
                title,
                null,
                content,
                "manual",
                category,
                tags,
                now.minus(1, ChronoUnit.DAYS),
                sentiment,
                List.of());
    }

    @Test
    void everyInsightCitesOnlyTheItemsItWasComputedFrom() {
        List<EvidenceFact> current = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            current.add(fact(
                    "Feature " + i, "Built part " + i + " of the export feature.", "feature", 0, List.of("export")));
        }
        EvidenceFact outcome = fact(
                "Reduced export time",
                "Reduced export time from 40s to 4s for large accounts.",
                "performance",
                0.5,
                List.of());
        current.add(outcome);
        current.add(fact("Sev2 incident", "Outage of the export API, failed jobs.", "incident", -0.6, List.of()));
        current.add(fact("Sev3 incident", "Export queue blocked and delayed.", "incident", -0.5, List.of()));

        List<InsightCandidate> insights = generator.generate(current, List.of());

        List<UUID> known = current.stream().map(EvidenceFact::id).toList();
        assertThat(insights).isNotEmpty().allSatisfy(i -> {
            assertThat(i.evidenceIds()).isNotEmpty();
            assertThat(known).containsAll(i.evidenceIds());
            assertThat(i.confidence()).isBetween(0.0, 1.0);
            assertThat(InsightCandidate.TYPES).contains(i.type());
        });
        assertThat(insights).anySatisfy(i -> {
            assertThat(i.subject()).isEqualTo("category:feature");
            assertThat(i.evidenceIds()).hasSize(4);
        });
        assertThat(insights).anySatisfy(i -> {
            assertThat(i.type()).isEqualTo("achievement");
            assertThat(i.evidenceIds()).containsExactly(outcome.id());
            assertThat(i.description()).contains("40s");
        });
        assertThat(insights).anySatisfy(i -> assertThat(i.subject()).isEqualTo("gap:testing"));
        assertThat(insights).anySatisfy(i -> assertThat(i.subject()).isEqualTo("recurring:incident"));
        // No tag strength for "export": a tag must recur in at least three items (it does: four).
        assertThat(insights).anySatisfy(i -> assertThat(i.subject()).isEqualTo("tag:export"));
    }

    @Test
    void periodOverPeriodChangeIsATrend() {
        List<EvidenceFact> current = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            current.add(fact("Review " + i, "Reviewed merge request " + i, "code-review", 0, List.of()));
        }
        List<EvidenceFact> previous = List.of(fact("Old review", "Reviewed one change", "code-review", 0, List.of()));
        List<InsightCandidate> insights = generator.generate(current, previous);
        assertThat(insights).anySatisfy(i -> {
            assertThat(i.type()).isEqualTo("trend");
            assertThat(i.subject()).isEqualTo("rising:code-review");
            assertThat(i.evidenceIds()).hasSize(4);
        });
    }

    @Test
    void noEvidenceNoInsights() {
        assertThat(generator.generate(List.of(), List.of())).isEmpty();
    }
}
