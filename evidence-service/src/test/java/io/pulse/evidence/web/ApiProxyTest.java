package io.pulse.evidence.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * One origin for the browser: evidence-service passes the other services' API paths through unchanged (method, path,
 * query, Authorization, body; status, headers and body back), answers 502 problem+json when the owning service is
 * down, and leaves its own paths alone.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(SimulatedServices.class)
class ApiProxyTest {

    @BeforeEach
    void reset() {
        SimulatedServices.insight.resetAll();
    }

    @Test
    void aSearchGoesToTheOwningServiceWithItsQueryAndAuthorization() {
        SimulatedServices.insight.stubFor(get(urlPathEqualTo("/api/v1/search"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("X-Request-Id", "from-insight")
                        .withBody("{\"results\":[{\"id\":\"1\",\"similarity\":0.82}]}")));

        given().header("Authorization", "Bearer token-of-the-caller")
                .queryParam("q", "made checkout faster")
                .queryParam("tag", "a", "b")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .header("X-Request-Id", "from-insight")
                .body("results[0].similarity", equalTo(0.82f));

        SimulatedServices.insight.verify(
                getRequestedFor(urlEqualTo("/api/v1/search?q=made%20checkout%20faster&tag=a&tag=b"))
                        .withHeader(
                                "Authorization",
                                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer token-of-the-caller")));
    }

    @Test
    void aBodyAndTheOwnersErrorPassThroughUnchanged() {
        String problem = "{\"title\":\"Unprocessable Content\",\"status\":422,"
                + "\"errors\":[{\"field\":\"period_end\",\"message\":\"must not be before period_start\"}]}";
        SimulatedServices.insight.stubFor(post(urlPathEqualTo("/api/v1/insights/generate"))
                .willReturn(aResponse()
                        .withStatus(422)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody(problem)));

        given().header("Authorization", "Bearer t")
                .contentType(ContentType.JSON)
                .body("{\"period_start\":\"2026-03-01\",\"period_end\":\"2026-01-01\"}")
                .post("/api/v1/insights/generate")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("period_end"));

        SimulatedServices.insight.verify(postRequestedFor(urlEqualTo("/api/v1/insights/generate"))
                .withRequestBody(equalToJson("{\"period_start\":\"2026-03-01\",\"period_end\":\"2026-01-01\"}")));
    }

    @Test
    void aServiceThatIsDownIsA502Problem() {
        given().header("Authorization", "Bearer t")
                .get("/api/v1/sync-jobs")
                .then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("status", equalTo(502))
                .body("instance", equalTo("/api/v1/sync-jobs"))
                .body(not(containsString("Exception")));
    }

    @Test
    void evidenceServicesOwnPathsAreNotProxied() {
        given().get("/api/v1/evidence").then().statusCode(401);
        SimulatedServices.insight.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/evidence")));
        // A path that only shares the prefix's first letters is not the owner's either: evidence-service's own 404.
        given().header("Authorization", "Bearer t")
                .get("/api/v1/searching")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        SimulatedServices.insight.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/searching")));
    }

    @Test
    void theWebAppLearnsWhereToSignIn() {
        given().get("/app-config.json")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("client_id", equalTo("pulse-web"))
                .body("issuer", containsString("/realms/"));
    }
}
