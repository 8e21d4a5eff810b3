package io.pulse.insight.search.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.insight.search.SearchConfig;
import io.pulse.insight.search.api.SearchHit;
import io.pulse.insight.search.repository.SearchCandidate;

import static org.assertj.core.api.Assertions.assertThat;

/** The threshold rules and the hybrid fusion, on given candidates. */
class SearchRankingTest {

    private static SearchConfig config(Map<String, SearchConfig.Calibration> calibration) {
        return new SearchConfig() {
            @Override
            public Map<String, Calibration> calibration() {
                return calibration;
            }

            @Override
            public double relativeCut() {
                return 0.85;
            }

            @Override
            public String defaultMode() {
                return "hybrid";
            }

            @Override
            public Hybrid hybrid() {
                return null;
            }
        };
    }

    private static SearchConfig.Calibration calibration(double threshold, double confident) {
        return new SearchConfig.Calibration() {
            @Override
            public double threshold() {
                return threshold;
            }

            @Override
            public double confident() {
                return confident;
            }
        };
    }

    private static SearchCandidate candidate(String title, Double similarity, double keywordMatch) {
        return new SearchCandidate(
                new SearchHit(
                        UUID.randomUUID(), title, null, "manual", null, List.of(), Instant.EPOCH, null, null, null),
                similarity,
                keywordMatch);
    }

    private final SearchThresholds thresholds =
            new SearchThresholds(config(Map.of("all-minilm-l6-v2", calibration(0.2, 0.35))));

    @Test
    void theRequestWinsThenTheModelsCalibrationThenTheRelativeRule() {
        assertThat(thresholds.rule(0.5, "all-minilm-l6-v2"))
                .isEqualTo(new SearchThresholds.Rule(0.5, SearchThresholds.Source.REQUEST, 0.35));
        assertThat(thresholds.rule(null, "all-minilm-l6-v2"))
                .isEqualTo(new SearchThresholds.Rule(0.2, SearchThresholds.Source.CALIBRATED, 0.35));
        assertThat(thresholds.rule(null, "openai:some-new-model"))
                .isEqualTo(new SearchThresholds.Rule(null, SearchThresholds.Source.RELATIVE, null));
    }

    @Test
    void aModelWithoutCalibrationStillGetsItsBestMatchesWhateverItsSimilarityRange() {
        // e5-style anisotropic space: everything between 0.80 and 0.87.
        List<SearchCandidate> candidates =
                List.of(candidate("best", 0.87, 0), candidate("close", 0.80, 0), candidate("far", 0.70, 0));
        SearchThresholds.Rule rule = thresholds.rule(null, "openai:some-new-model");
        Double cut = thresholds.cut(rule, candidates);
        assertThat(cut).isCloseTo(0.87 * 0.85, org.assertj.core.data.Offset.offset(1e-9));
        List<SearchHit> hits = HybridRanker.semantic(candidates, cut, rule.confident());
        assertThat(hits).extracting(SearchHit::title).containsExactly("best", "close");
        assertThat(hits).extracting(SearchHit::confidence).containsOnlyNulls();
        assertThat(thresholds.cut(rule, List.of())).isNull();
    }

    @Test
    void aStrongKeywordMatchLiftsAnItemAndAdmitsItBelowTheThreshold() {
        SearchCandidate semantic = candidate("semantic neighbour", 0.45, 0.05);
        SearchCandidate ticket = candidate("PAY-1423", 0.30, 0.9);
        SearchCandidate mr = candidate("!42", 0.12, 0.6);
        SearchCandidate noise = candidate("one common word", 0.15, 0.2);
        SearchCandidate unrelated = candidate("unrelated", 0.05, 0);
        List<SearchHit> hits = HybridRanker.hybrid(
                List.of(semantic, ticket, mr, noise, unrelated), 0.2, new HybridRanker.Settings(0.5, 0.5, 0.35), 10);
        assertThat(hits).extracting(SearchHit::title).containsExactly("PAY-1423", "semantic neighbour", "!42");
        assertThat(hits).extracting(SearchHit::confidence).containsExactly("high", "high", "high");
        assertThat(hits).allSatisfy(h -> assertThat(h.score()).isBetween(0.0, 1.0));
    }

    @Test
    void withoutKeywordsTheVectorOrderStandsAndWeakHitsAreLowConfidence() {
        List<SearchHit> hits = HybridRanker.hybrid(
                List.of(candidate("b", 0.30, 0), candidate("a", 0.50, 0), candidate("c", 0.10, 0)),
                0.2,
                new HybridRanker.Settings(0.5, 0.5, 0.35),
                10);
        assertThat(hits).extracting(SearchHit::title).containsExactly("a", "b");
        assertThat(hits).extracting(SearchHit::confidence).containsExactly("high", "low");
    }
}
