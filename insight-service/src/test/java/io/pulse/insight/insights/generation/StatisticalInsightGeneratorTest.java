package io.pulse.insight.insights.generation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.insight.enrichment.analysis.SemanticLabels.Reading;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator's rules on items whose reading (what the embedding model reads in them) is given; the readings of
 * real text are measured by {@code InsightQualityTest}.
 */
class StatisticalInsightGeneratorTest {

    private final StatisticalInsightGenerator generator = new StatisticalInsightGenerator();
    private final Instant now = Instant.parse("2026-06-30T12:00:00Z");

    private EvidenceFact fact(String title, String content, Reading reading) {
        return new EvidenceFact(
                UUID.randomUUID(),
                title,
                null,
                content,
                "manual",
                null,
                List.of(),
                now.minus(1, ChronoUnit.DAYS),
                0,
                List.of(),
                reading == null ? null : new float[] {1},
                reading);
    }

    private static Reading fine(String category, String effect) {
        return new Reading(List.of(category), false, effect, "waiting");
    }

    private static Reading trouble(String category, String friction) {
        return new Reading(List.of(category), true, "productivity", friction);
    }

    @Test
    void strengthsNameTheKindOfWorkAndItsEffectAndQuoteTheImpact() {
        List<EvidenceFact> current = new ArrayList<>();
        current.add(fact(
                "Cached facet counts",
                "Facets were recomputed per request. The p99 went from 620 ms to 210 ms.",
                fine("performance", "faster")));
        current.add(fact(
                "Batch inserts",
                "Switched to COPY. Throughput went from 2k to 25k events per second.",
                fine("performance", "faster")));
        current.add(fact("Profiled the indexer", "Wrote up the hot spots.", fine("performance", "cheaper")));
        // Trouble does not make a strength, even of the same kind of work.
        EvidenceFact slow = fact("Slow builds again", "Blocked all week.", trouble("performance", "unstable-builds"));
        current.add(slow);

        List<InsightCandidate> insights = generator.generate(current, List.of());

        assertThat(insights)
                .filteredOn(i -> i.type().equals("strength"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.subject()).isEqualTo("category:performance");
                    assertThat(i.title()).isEqualTo("Performance work that made systems faster");
                    assertThat(i.description())
                            .contains("the p99 went from 620 ms to 210 ms")
                            .doesNotContainPattern("\\d+ of");
                    assertThat(i.evidenceIds()).hasSize(3).doesNotContain(slow.id());
                });
    }

    @Test
    void achievementsAreOneSentenceOfImpactAndNeverTrouble() {
        EvidenceFact win = fact(
                "Reduced export time",
                "Large accounts waited for their export. Rewrote the query with a covering index."
                        + " Export time went from 40s to 4s for the largest accounts.",
                fine("performance", "faster"));
        EvidenceFact outage = fact(
                "Checkout outage",
                "Checkout was down for 38 minutes after a bad config push; 1200 orders were lost.",
                trouble("incident", "incidents"));
        List<InsightCandidate> insights = generator.generate(List.of(win, outage), List.of());

        assertThat(insights)
                .filteredOn(i -> i.type().equals("achievement"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.evidenceIds()).containsExactly(win.id());
                    assertThat(i.description()).isEqualTo("Export time went from 40s to 4s for the largest accounts.");
                });
    }

    @Test
    void improvementsCiteOnlyItemsThatDescribeTrouble() {
        List<EvidenceFact> current = new ArrayList<>();
        EvidenceFact blocked =
                fact("Blocked on access", "Waited two weeks for access.", trouble("planning", "waiting"));
        EvidenceFact reviews = fact("Slow reviews", "MRs waited six days.", trouble("code-review", "waiting"));
        EvidenceFact outage1 = fact("Checkout outage", "Down 38 minutes.", trouble("incident", "incidents"));
        EvidenceFact outage2 = fact("Pool exhaustion", "500s for 20 minutes.", trouble("incident", "incidents"));
        EvidenceFact flaky = fact("Flaky suite", "Release waited a day.", trouble("testing", "unstable-builds"));
        // A success story that speaks of an upgrade and a failover, and an item not read yet (no vector).
        EvidenceFact upgrade =
                fact("Kubernetes upgrade", "Upgraded; failover tested.", fine("infrastructure", "reliable"));
        EvidenceFact unread = fact("Unread", "Blocked again, nothing works.", null);
        current.addAll(List.of(blocked, reviews, outage1, outage2, flaky, upgrade, unread));

        List<InsightCandidate> improvements = generator.generate(current, List.of()).stream()
                .filter(i -> i.type().equals("improvement"))
                .toList();

        assertThat(improvements)
                .extracting(InsightCandidate::subject)
                .containsExactlyInAnyOrder("recurring:incident", "friction:waiting");
        assertThat(improvements)
                .filteredOn(i -> i.subject().equals("friction:waiting"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.evidenceIds()).containsExactlyInAnyOrder(blocked.id(), reviews.id());
                    assertThat(i.title())
                            .isEqualTo("Recurring friction: work waiting on other teams, approvals or reviews");
                });
        assertThat(improvements)
                .filteredOn(i -> i.subject().equals("recurring:incident"))
                .singleElement()
                .satisfies(i -> assertThat(i.evidenceIds()).containsExactlyInAnyOrder(outage1.id(), outage2.id()));
        // A single flaky-suite item is not yet a pattern.
        assertThat(improvements)
                .flatExtracting(InsightCandidate::evidenceIds)
                .doesNotContain(flaky.id(), upgrade.id(), unread.id());
    }

    @Test
    void periodOverPeriodChangeIsATrend() {
        List<EvidenceFact> current = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            current.add(fact("Review " + i, "Reviewed merge request " + i, fine("code-review", "quality")));
        }
        List<EvidenceFact> previous =
                List.of(fact("Old review", "Reviewed one change", fine("code-review", "quality")));
        List<InsightCandidate> insights = generator.generate(current, previous);
        assertThat(insights).anySatisfy(i -> {
            assertThat(i.type()).isEqualTo("trend");
            assertThat(i.subject()).isEqualTo("rising:code-review");
            assertThat(i.title()).isEqualTo("More code review");
            assertThat(i.evidenceIds()).hasSize(4);
        });
    }

    @Test
    void everyInsightCitesOnlyTheItemsItWasComputedFrom() {
        List<EvidenceFact> current = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            current.add(fact(
                    "Feature " + i, "Shipped part " + i + " of the export to 300 users.", fine("feature", "users")));
        }
        current.add(fact("Blocked", "Waited.", trouble("planning", "waiting")));
        List<UUID> known = current.stream().map(EvidenceFact::id).toList();
        assertThat(generator.generate(current, List.of())).isNotEmpty().allSatisfy(i -> {
            assertThat(i.evidenceIds()).isNotEmpty();
            assertThat(known).containsAll(i.evidenceIds());
            assertThat(i.confidence()).isBetween(0.0, 1.0);
            assertThat(InsightCandidate.TYPES).contains(i.type());
            assertThat(i.method()).isEqualTo(StatisticalInsightGenerator.METHOD);
        });
    }

    @Test
    void noEvidenceNoInsights() {
        assertThat(generator.generate(List.of(), List.of())).isEmpty();
    }
}
