package io.pulse.insight.retrieval;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.pulse.insight.support.TestData.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retrieval quality of the default model on a labelled set (src/test/resources/retrieval: 60 evidence items across
 * the ten categories, 30 paraphrased queries with their expected items). The items go through the real pipeline
 * (outbox, Kafka, enrichment) and the queries through the search API; the top-3 hit rate is reported and must be at
 * least 0.9.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class RetrievalQualityTest {

    record Item(String key, String category, String source, String title, String content) {}

    record Query(String query, List<String> expected) {}

    @Test
    void topThreeHitRateOfTheDefaultModel() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Item> items = read(json, "/retrieval/evidence.json", new TypeReference<>() {});
        List<Query> queries = read(json, "/retrieval/queries.json", new TypeReference<>() {});
        assertThat(items).hasSizeGreaterThanOrEqualTo(60);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(30);

        User user = TestData.user(false);
        Map<String, UUID> ids = new HashMap<>();
        Map<UUID, String> keys = new HashMap<>();
        Instant at = Instant.now().minus(Duration.ofDays(30));
        for (Item item : items) {
            UUID id = TestData.create(user, item.title(), item.content(), item.source(), item.category(), List.of(), at)
                    .id();
            ids.put(item.key(), id);
            keys.put(id, item.key());
        }
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> ((Number) TestData.query(
                                                "select count(*) as n from evidence where user_id = ? and embedding is not null",
                                                user.id())
                                        .get(0)
                                        .get("n"))
                                .intValue()
                        == items.size());

        int hits = 0;
        List<String> misses = new ArrayList<>();
        for (Query q : queries) {
            List<String> top = given()
                    .auth()
                    .oauth2(user.token())
                    .queryParam("q", q.query())
                    .queryParam("threshold", "0")
                    .queryParam("limit", "3")
                    .get("/api/v1/search")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("results.id", String.class)
                    .stream()
                    .map(id -> keys.get(UUID.fromString(id)))
                    .toList();
            if (top.stream().anyMatch(q.expected()::contains)) {
                hits++;
            } else {
                misses.add(q.query() + " -> " + top + " (expected " + q.expected() + ")");
            }
        }
        double rate = (double) hits / queries.size();
        System.out.printf(
                "Retrieval quality (all-minilm-l6-v2): top-3 hit rate %.3f (%d/%d)%n", rate, hits, queries.size());
        misses.forEach(m -> System.out.println("  miss: " + m));
        assertThat(rate).isGreaterThanOrEqualTo(0.9);
    }

    private static <T> T read(ObjectMapper json, String path, TypeReference<T> type) throws IOException {
        try (InputStream in = RetrievalQualityTest.class.getResourceAsStream(path)) {
            return json.readValue(in, type);
        }
    }
}
