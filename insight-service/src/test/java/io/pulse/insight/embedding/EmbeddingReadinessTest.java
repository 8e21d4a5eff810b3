package io.pulse.insight.embedding;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.support.OpenAiSimulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The service's default configuration embeds in process, and readiness says so once the model has answered. */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class EmbeddingReadinessTest {

    /** Health is served on the management interface. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void readinessReportsTheInProcessBackendByDefault() {
        given().baseUri("http://" + management.getHost())
                .port(management.getPort())
                .when()
                .get("/q/health/ready")
                .then()
                .body("checks.find { it.name == 'embedding-model' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'embedding-model' }.data.provider", equalTo("in-process"))
                .body("checks.find { it.name == 'embedding-model' }.data.model", equalTo("all-minilm-l6-v2"));
    }
}
