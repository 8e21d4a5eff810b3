package io.pulse.insight.enrichment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.enrichment.service.ReembedWorker;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.pulse.insight.support.TestData.Evidence;
import io.pulse.insight.support.TestData.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a model change, vectors of the old model are never compared with the new model's query vectors, and the
 * background worker re-embeds them. Simulated by relabelling an item's vector as another model's.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class ReembedWorkerTest {

    @Inject
    ReembedWorker worker;

    @Test
    void vectorsOfAnotherModelAreExcludedFromSearchAndReembedded() {
        User user = TestData.user(false);
        Evidence item = TestData.create(
                user,
                "Automated the monthly credential rotation",
                "A scheduled job now rotates database passwords and API keys every month without downtime.",
                "manual",
                null,
                List.of(),
                Instant.now().minus(Duration.ofDays(2)));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(TestData.row(item.id())).containsEntry("embedded", true));
        assertThat(search(user)).contains(item.id().toString());

        TestData.query("update evidence set embedding_model = 'previous-model' where id = ? returning id", item.id());
        assertThat(search(user)).doesNotContain(item.id().toString());

        Integer reembedded = worker.runBatch().await().atMost(Duration.ofSeconds(120));
        assertThat(reembedded).isGreaterThanOrEqualTo(1);
        assertThat(TestData.row(item.id())).containsEntry("embedding_model", "all-minilm-l6-v2");
        assertThat(search(user)).contains(item.id().toString());
        assertThat(TestData.query(
                        "select 1 from evidence where embedding_model <> 'all-minilm-l6-v2' and id = ?", item.id()))
                .isEmpty();
    }

    private static List<String> search(User user) {
        return given().auth()
                .oauth2(user.token())
                .queryParam("q", "rotating secrets automatically")
                .queryParam("threshold", "0.2")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("results.id", String.class);
    }
}
