package io.pulse.insight.insights.quality;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.embedding.EmbeddingService;
import io.pulse.insight.enrichment.analysis.Analysis;
import io.pulse.insight.enrichment.analysis.SemanticLabels;
import io.pulse.insight.enrichment.analysis.TextAnalyzer;
import io.pulse.insight.insights.generation.EvidenceFact;
import io.pulse.insight.insights.generation.InsightCandidate;
import io.pulse.insight.insights.generation.StatisticalInsightGenerator;
import io.pulse.insight.support.OpenAiSimulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quality of the offline insights on a labelled quarter of one engineer's work
 * ({@code src/test/resources/insights/labelled-quarter.json}: items of the retrieval set, each labelled with whether
 * it describes a problem, whether it states an impact, and its kind of work; claims that must and must not appear).
 * The items are read by the embedding model of this boot exactly as enrichment and generation read them, without
 * their stored category. Reported: the precision of the cited evidence per insight type (improvement: cited items
 * that really describe a problem; achievement: that state an impact; strength and trend: of the insight's kind of
 * work), and the embedding classifier's category accuracy on the 155 labelled retrieval items.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class InsightQualityTest {

    record Item(String key, String category, String source, String title, String content) {}

    record Label(String ref, boolean problem, boolean outcome, String theme) {}

    record Claim(String type, String theme, List<String> citesAny, String descriptionMatches, String why) {}

    record Quarter(
            String description,
            List<Label> items,
            List<String> previousPeriod,
            List<Claim> expected,
            List<Claim> forbidden) {}

    @Inject
    EmbeddingService embeddings;

    @Inject
    SemanticLabels labels;

    @Inject
    TextAnalyzer analyzer;

    @Inject
    StatisticalInsightGenerator generator;

    private final Instant now = Instant.parse("2026-06-30T12:00:00Z");

    @Test
    void offlineInsightsCiteWhatTheyClaim() throws IOException {
        ObjectMapper json = new ObjectMapper()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
        Map<String, Item> items = new LinkedHashMap<>();
        for (Item i : read(json, "/retrieval/evidence.json", new TypeReference<List<Item>>() {})) {
            items.put(i.key(), i);
        }
        Quarter quarter = read(json, "/insights/labelled-quarter.json", new TypeReference<Quarter>() {});
        Map<String, Label> byRef = new HashMap<>();
        quarter.items().forEach(l -> byRef.put(l.ref(), l));

        Map<UUID, String> refs = new HashMap<>();
        List<EvidenceFact> current = new ArrayList<>();
        for (int n = 0; n < quarter.items().size(); n++) {
            Label label = quarter.items().get(n);
            EvidenceFact f = fact(items.get(label.ref()), now.minus(n % 80, ChronoUnit.DAYS));
            refs.put(f.id(), label.ref());
            current.add(f);
        }
        List<EvidenceFact> previous = new ArrayList<>();
        for (String ref : quarter.previousPeriod()) {
            EvidenceFact f = fact(items.get(ref), now.minus(120, ChronoUnit.DAYS));
            refs.put(f.id(), ref);
            byRef.put(ref, new Label(ref, false, false, items.get(ref).category()));
            previous.add(f);
        }

        List<InsightCandidate> insights = generator.generate(current, previous);

        Map<String, int[]> precision = new LinkedHashMap<>();
        for (String type : InsightCandidate.TYPES) {
            precision.put(type, new int[2]);
        }
        for (InsightCandidate insight : insights) {
            String theme = insight.subject().replaceFirst("^(category|rising|falling):", "");
            BiPredicate<InsightCandidate, Label> right = switch (insight.type()) {
                case "improvement" -> (i, l) -> l.problem();
                case "achievement" -> (i, l) -> l.outcome();
                default -> (i, l) -> l.theme().equals(theme);
            };
            List<String> cited = insight.evidenceIds().stream().map(refs::get).toList();
            long correct = cited.stream()
                    .filter(r -> right.test(insight, byRef.get(r)))
                    .count();
            precision.get(insight.type())[0] += (int) correct;
            precision.get(insight.type())[1] += cited.size();
            System.out.printf(
                    "  %-11s %s | %s | cites %s (%d/%d right)%n",
                    insight.type(), insight.title(), insight.description(), cited, correct, cited.size());
        }
        System.out.println("Offline insight citation precision (" + embeddings.modelId() + "):");
        precision.forEach((type, p) -> System.out.printf(
                "| %s | %d/%d | %s |%n",
                type, p[0], p[1], p[1] == 0 ? "-" : String.format("%.2f", (double) p[0] / p[1])));

        int truePositive = 0;
        int flagged = 0;
        int problems = 0;
        for (EvidenceFact f : current) {
            Label l = byRef.get(refs.get(f.id()));
            problems += l.problem() ? 1 : 0;
            if (f.problem()) {
                flagged++;
                truePositive += l.problem() ? 1 : 0;
            }
        }
        System.out.printf(
                "Problem reading: precision %.2f (%d/%d), recall %.2f (%d/%d)%n",
                (double) truePositive / flagged,
                truePositive,
                flagged,
                (double) truePositive / problems,
                truePositive,
                problems);

        int top1 = 0;
        int top3 = 0;
        for (Item item : items.values()) {
            SemanticLabels.Reading reading = labels.read(embeddings.embed(item.title() + "\n\n" + item.content()));
            top1 += item.category().equals(reading.category()) ? 1 : 0;
            top3 += reading.categories().contains(item.category()) ? 1 : 0;
        }
        System.out.printf(
                "Category from the embedding model on %d labelled items: first suggestion right %.2f, among the"
                        + " suggestions %.2f%n",
                items.size(), (double) top1 / items.size(), (double) top3 / items.size());

        for (Claim claim : quarter.expected()) {
            assertThat(insights)
                    .as("expected: " + claim.why())
                    .anySatisfy(i -> assertThat(matches(claim, i, refs)).isTrue());
        }
        for (Claim claim : quarter.forbidden()) {
            assertThat(insights)
                    .as("forbidden: " + claim.why())
                    .noneSatisfy(i -> assertThat(matches(claim, i, refs)).isTrue());
        }
        assertThat(ratio(precision.get("improvement"))).isGreaterThanOrEqualTo(0.9);
        assertThat(ratio(precision.get("achievement"))).isGreaterThanOrEqualTo(0.8);
        assertThat(ratio(precision.get("strength"))).isGreaterThanOrEqualTo(0.7);
        assertThat((double) top1 / items.size()).isGreaterThanOrEqualTo(0.6);
    }

    private EvidenceFact fact(Item item, Instant at) {
        Analysis analysis = analyzer.analyze(item.title(), item.content());
        float[] vector = embeddings.embed(item.title() + "\n\n" + item.content());
        return new EvidenceFact(
                        UUID.randomUUID(),
                        item.title(),
                        analysis.summary(),
                        item.content(),
                        item.source(),
                        null,
                        List.of(),
                        at,
                        analysis.sentiment(),
                        analysis.keyPhrases(),
                        vector,
                        null)
                .withReading(labels.read(vector));
    }

    private static boolean matches(Claim claim, InsightCandidate insight, Map<UUID, String> refs) {
        if (!claim.type().equals(insight.type())) {
            return false;
        }
        if (claim.theme() != null && !insight.subject().equals("category:" + claim.theme())) {
            return false;
        }
        if (claim.citesAny() != null
                && insight.evidenceIds().stream().map(refs::get).noneMatch(claim.citesAny()::contains)) {
            return false;
        }
        return claim.descriptionMatches() == null
                || Pattern.compile(claim.descriptionMatches())
                        .matcher(insight.description())
                        .find();
    }

    private static double ratio(int[] p) {
        return p[1] == 0 ? 1 : (double) p[0] / p[1];
    }

    private static <T> T read(ObjectMapper json, String path, TypeReference<T> type) throws IOException {
        try (InputStream in = InsightQualityTest.class.getResourceAsStream(path)) {
            return json.readValue(in, type);
        }
    }
}
