package io.pulse.system;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pulse.common.testing.TestTokens;
import io.pulse.system.PackagedStack.Service;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three packaged services as one product: a note written to evidence-service travels through the outbox and
 * Kafka to insight-service, is enriched, and is then found by meaning, only by its owner.
 */
class NoteToSearchTest {

    private static PackagedStack stack;

    @BeforeAll
    static void start() {
        stack = PackagedStack.get();
    }

    @Test
    void aNoteBecomesSearchableByMeaningForItsOwnerOnly() {
        String owner = TestTokens.individual(TestTokens.newSubject());
        String other = TestTokens.individual(TestTokens.newSubject());
        String id = given().baseUri(stack.uri(Service.EVIDENCE).toString())
                .auth()
                .oauth2(owner)
                .contentType(ContentType.JSON)
                .body("""
                        {"title": "Cut checkout API p99 latency from 900 ms to 120 ms",
                         "content": "Profiled the checkout endpoint, replaced the N+1 queries with one batched query and added a read-through cache. p99 latency dropped from 900 ms to 120 ms.",
                         "tags": ["performance"]}""")
                .post("/api/v1/evidence")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<String> hits = given().baseUri(
                                    stack.uri(Service.INSIGHT).toString())
                            .auth()
                            .oauth2(owner)
                            .queryParam("q", "made an endpoint respond much faster")
                            .queryParam("threshold", "0.2")
                            .get("/api/v1/search")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("results.id", String.class);
                    assertThat(hits).contains(id);
                });
        List<String> foreign = given().baseUri(stack.uri(Service.INSIGHT).toString())
                .auth()
                .oauth2(other)
                .queryParam("q", "made an endpoint respond much faster")
                .queryParam("threshold", "0.2")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("results.id", String.class);
        assertThat(foreign).doesNotContain(id);
    }
}
