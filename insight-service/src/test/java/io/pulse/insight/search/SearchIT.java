package io.pulse.insight.search;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.embedding.SimulatedEmbeddingEndpoint;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.SameConsumerGroups;
import io.pulse.insight.support.TestData;
import io.pulse.insight.support.TestData.Evidence;
import io.pulse.insight.support.TestData.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Search on the packaged service (the native executable with {@code -Dnative}): an item published to Kafka is
 * enriched, embedded by the OpenAI-compatible endpoint and found by its owner; nobody else finds it, even with no
 * threshold. ({@link SearchEndToEndTest} needs the in-process model's sense of meaning,
 * which does not run natively; here the vectors are the simulated endpoint's.)
 */
@QuarkusIntegrationTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
@WithTestResource(SameConsumerGroups.class)
@WithTestResource(SimulatedEmbeddingEndpoint.class)
class SearchIT {

    @Test
    void anEnrichedItemIsFoundByItsOwnerOnly() {
        User owner = TestData.user(false);
        User other = TestData.user(false);
        Evidence item = TestData.create(
                owner,
                "Reduced checkout API p99 latency from 900ms to 180ms",
                "Profiled the checkout service, found an N+1 query on the cart items and added a Redis cache.",
                "gitlab",
                "performance",
                List.of("checkout"),
                Instant.now().minus(2, ChronoUnit.DAYS));
        SearchEndToEndTest.awaitEnriched(item.id());
        assertThat(TestData.row(item.id()).get("embedding_model")).isEqualTo("openai:text-embedding-3-small");

        assertThat(search(owner, "checkout latency").getList("results.id", String.class))
                .containsExactly(item.id().toString());
        given().auth()
                .oauth2(other.token())
                .queryParam("q", "checkout latency")
                .queryParam("threshold", "0")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("results.size()", equalTo(0));
    }

    private static JsonPath search(User user, String q) {
        return given().auth()
                .oauth2(user.token())
                .queryParam("q", q)
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
