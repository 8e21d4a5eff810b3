package io.pulse.evidence;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@WithTestResource(PulseTestResource.class)
class HealthTest {

    /** Health and metrics are served on the management interface, which the public ingress does not expose. */
    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void readyWithDatabaseAndKafka() {
        given().when()
                .baseUri("http://" + management.getHost())
                .port(management.getPort())
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(
                        "checks.name",
                        hasItems(
                                "Reactive PostgreSQL connections health check",
                                "SmallRye Reactive Messaging - readiness check"));
        given().baseUri("http://" + management.getHost())
                .port(management.getPort())
                .when()
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsIncludeTheOutboxAndTheStream() {
        given().when().get("/api/v1/profile").then().statusCode(401);
        given().baseUri("http://" + management.getHost())
                .port(management.getPort())
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("pulse_outbox_published_total"))
                .body(containsString("pulse_stream_clients"))
                .body(containsString("http_server_requests_seconds"));
    }
}
