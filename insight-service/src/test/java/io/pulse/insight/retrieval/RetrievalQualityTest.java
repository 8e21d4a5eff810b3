package io.pulse.insight.retrieval;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.embedding.EmbeddingService;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.pulse.insight.support.TestData.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retrieval quality on a labelled set (src/test/resources/retrieval: 155 evidence items from GitLab, Jira and manual
 * notes; over 100 queries: paraphrases, exact identifiers such as ticket keys and MR numbers, queries across sources,
 * and queries that no item answers). The items go through the real pipeline (outbox, Kafka, enrichment) and the
 * queries through the search API with default parameters (only {@code q}, plus {@code mode=semantic} for the
 * semantic row), next to the raw model's cosine ranking of the same stored vectors, measured in the same run.
 *
 * <p>Reported: top-1, top-3, MRR and nDCG@10 over the answerable queries, how often a query no item answers comes
 * back empty, and how often it comes back with no high-confidence result. The printed similarity distribution is the calibration of the model's default threshold (see
 * the README: how to recalibrate for a new model).
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class RetrievalQualityTest {

    record Item(String key, String category, String source, String title, String content) {}

    record Query(String query, List<String> expected, String kind) {

        boolean answerable() {
            return !expected.isEmpty();
        }
    }

    /** The quality of one ranking over the whole query set. */
    record Scores(double top1, double top3, double mrr, double ndcg10, double noAnswerEmpty, double answeredNonEmpty) {

        String row(String name) {
            return String.format(
                    "| %-22s | %.3f | %.3f | %.3f | %.3f | %s | %.3f |",
                    name,
                    top1,
                    top3,
                    mrr,
                    ndcg10,
                    Double.isNaN(noAnswerEmpty) ? "never (ranks all)" : String.format("%.3f", noAnswerEmpty),
                    answeredNonEmpty);
        }
    }

    @Inject
    EmbeddingService embeddings;

    @Test
    void defaultSearchBeatsTheRawModel() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Item> items = read(json, "/retrieval/evidence.json", new TypeReference<>() {});
        List<Query> queries = read(json, "/retrieval/queries.json", new TypeReference<>() {});
        assertThat(items).hasSizeGreaterThanOrEqualTo(150);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(100);
        assertThat(queries).extracting(Query::kind).contains("paraphrase", "identifier", "cross-source", "no-answer");

        User user = TestData.user(false);
        Map<UUID, String> keys = new HashMap<>();
        Instant at = Instant.now().minus(Duration.ofDays(30));
        for (Item item : items) {
            UUID id = TestData.create(user, item.title(), item.content(), item.source(), item.category(), List.of(), at)
                    .id();
            keys.put(id, item.key());
        }
        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> ((Number) TestData.query(
                                                "select count(*) as n from evidence where user_id = ? and embedding is not null",
                                                user.id())
                                        .get(0)
                                        .get("n"))
                                .intValue()
                        == items.size());
        Map<String, float[]> vectors = new LinkedHashMap<>();
        for (Map<String, Object> row :
                TestData.query("select id, embedding::text as v from evidence where user_id = ?", user.id())) {
            vectors.put(keys.get((UUID) row.get("id")), parse((String) row.get("v")));
        }

        Map<String, List<String>> raw = new LinkedHashMap<>();
        Map<String, List<String>> semantic = new LinkedHashMap<>();
        Map<String, List<String>> hybrid = new LinkedHashMap<>();
        Map<String, List<String>> confidentHybrid = new LinkedHashMap<>();
        List<Double> relevantSimilarity = new ArrayList<>();
        List<Double> noAnswerBest = new ArrayList<>();
        for (Query q : queries) {
            float[] v = embeddings.embed(q.query());
            Map<String, Double> similarity = new HashMap<>();
            vectors.forEach((key, item) -> similarity.put(key, dot(v, item)));
            raw.put(
                    q.query(),
                    similarity.keySet().stream()
                            .sorted(Comparator.comparingDouble((String k) -> -similarity.get(k))
                                    .thenComparing(Function.identity()))
                            .toList());
            if (q.answerable()) {
                relevantSimilarity.add(
                        q.expected().stream().mapToDouble(similarity::get).max().orElseThrow());
            } else {
                noAnswerBest.add(similarity.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElseThrow());
            }
            semantic.put(q.query(), search(user, keys, Map.of("q", q.query(), "mode", "semantic"), false));
            hybrid.put(q.query(), search(user, keys, Map.of("q", q.query()), false));
            confidentHybrid.put(q.query(), search(user, keys, Map.of("q", q.query()), true));
        }

        Scores rawScores = scores(queries, raw);
        Scores semanticScores = scores(queries, semantic);
        Scores hybridScores = scores(queries, hybrid);
        Scores highConfidence = scores(queries, confidentHybrid);
        System.out.printf(
                "Retrieval quality (%s; %d items, %d queries of which %d have no answer; defaults: only q)%n",
                embeddings.modelId(),
                items.size(),
                queries.size(),
                queries.stream().filter(q -> !q.answerable()).count());
        System.out.println(
                "| ranking | top-1 | top-3 | MRR | nDCG@10 | no-answer queries empty | answerable non-empty |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.println(hybridScores.row("hybrid (default)"));
        System.out.println(semanticScores.row("semantic (mode=semantic)"));
        System.out.println(rawScores.row("raw model cosine"));
        System.out.printf(
                "Confidence (hybrid default): no-answer queries with no high-confidence result %.3f;"
                        + " answerable queries with a relevant high-confidence result in the top 3 %.3f%n",
                highConfidence.noAnswerEmpty(), highConfidence.top3());
        for (String kind : List.of("paraphrase", "identifier", "cross-source")) {
            List<Query> ofKind =
                    queries.stream().filter(q -> q.kind().equals(kind)).toList();
            System.out.printf(
                    "  top-3 on %-12s (%3d): hybrid %.3f, semantic %.3f, raw %.3f%n",
                    kind,
                    ofKind.size(),
                    scores(ofKind, hybrid).top3(),
                    scores(ofKind, semantic).top3(),
                    scores(ofKind, raw).top3());
        }
        System.out.printf(
                "Calibration (%s): best relevant item's similarity min %.3f, p05 %.3f, p10 %.3f, median %.3f;"
                        + " best similarity of no-answer queries median %.3f, max %.3f%n",
                embeddings.modelId(),
                quantile(relevantSimilarity, 0),
                quantile(relevantSimilarity, 0.05),
                quantile(relevantSimilarity, 0.10),
                quantile(relevantSimilarity, 0.5),
                quantile(noAnswerBest, 0.5),
                quantile(noAnswerBest, 1));
        for (Query q : queries) {
            List<String> top = hybrid.get(q.query());
            if (q.answerable() && top.stream().limit(3).noneMatch(q.expected()::contains)) {
                System.out.println("  hybrid miss: " + q.query() + " -> "
                        + top.stream().limit(3).toList() + " (expected " + q.expected() + ")");
            } else if (!q.answerable() && !top.isEmpty()) {
                System.out.println("  no-answer query returned: " + q.query() + " -> " + top);
            }
        }

        assertThat(hybridScores.top3()).isGreaterThanOrEqualTo(0.95);
        assertThat(hybridScores.top3()).isGreaterThanOrEqualTo(rawScores.top3() + 0.05);
        assertThat(hybridScores.mrr()).isGreaterThan(rawScores.mrr());
        assertThat(hybridScores.ndcg10()).isGreaterThan(rawScores.ndcg10());
        // A default search finds something whenever an item answers the query...
        assertThat(hybridScores.answeredNonEmpty()).isEqualTo(1.0);
        assertThat(semanticScores.answeredNonEmpty()).isGreaterThanOrEqualTo(0.97);
        // ...and nothing, or only low-confidence results, when none does.
        assertThat(highConfidence.noAnswerEmpty()).isGreaterThanOrEqualTo(0.9);
        assertThat(highConfidence.top3()).isGreaterThanOrEqualTo(0.8);
    }

    /** The keys of the results, best first ({@code highOnly}: only those reported with high confidence). */
    private static List<String> search(
            User user, Map<UUID, String> keys, Map<String, String> params, boolean highOnly) {
        JsonPath result = given().auth()
                .oauth2(user.token())
                .queryParams(params)
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("threshold_source", org.hamcrest.Matchers.equalTo("calibrated"))
                .extract()
                .jsonPath();
        List<Map<String, Object>> hits = result.getList("results");
        return hits.stream()
                .filter(h -> !highOnly || "high".equals(h.get("confidence")))
                .map(h -> keys.get(UUID.fromString((String) h.get("id"))))
                .toList();
    }

    static Scores scores(List<Query> queries, Map<String, List<String>> rankings) {
        double top1 = 0;
        double top3 = 0;
        double mrr = 0;
        double ndcg = 0;
        int answerable = 0;
        int nonEmpty = 0;
        int noAnswer = 0;
        int empty = 0;
        for (Query q : queries) {
            List<String> ranking = rankings.get(q.query());
            if (!q.answerable()) {
                noAnswer++;
                empty += ranking.isEmpty() ? 1 : 0;
                continue;
            }
            answerable++;
            nonEmpty += ranking.isEmpty() ? 0 : 1;
            double dcg = 0;
            double ideal = 0;
            boolean first = true;
            for (int i = 0; i < Math.min(10, ranking.size()); i++) {
                if (q.expected().contains(ranking.get(i))) {
                    dcg += 1 / log2(i + 2);
                    if (first) {
                        mrr += 1.0 / (i + 1);
                        top1 += i == 0 ? 1 : 0;
                        top3 += i < 3 ? 1 : 0;
                        first = false;
                    }
                }
            }
            for (int i = 0; i < Math.min(10, q.expected().size()); i++) {
                ideal += 1 / log2(i + 2);
            }
            ndcg += dcg / ideal;
        }
        boolean ranksAll = rankings.values().stream().noneMatch(List::isEmpty)
                && noAnswer > 0
                && empty == 0
                && rankings.values().stream().allMatch(r -> r.size() > 10);
        return new Scores(
                top1 / answerable,
                top3 / answerable,
                mrr / answerable,
                ndcg / answerable,
                ranksAll || noAnswer == 0 ? Double.NaN : (double) empty / noAnswer,
                (double) nonEmpty / answerable);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static double quantile(List<Double> values, double q) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.floor(q * (sorted.size() - 1)));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static float[] parse(String vector) {
        String[] parts = vector.substring(1, vector.length() - 1).split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i]);
        }
        return out;
    }

    private static <T> T read(ObjectMapper json, String path, TypeReference<T> type) throws IOException {
        try (InputStream in = RetrievalQualityTest.class.getResourceAsStream(path)) {
            return json.readValue(in, type);
        }
    }
}
