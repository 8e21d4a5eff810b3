package io.pulse.sync.job;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

/** The API accepts real tokens from the local stack's Keycloak (realm pulse, client pulse-cli). */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class KeycloakTokenTest {

    @Test
    void aKeycloakTokenReadsTheCallersJobsAndConnections() {
        String token = given().formParam("grant_type", "password")
                .formParam("client_id", "pulse-cli")
                .formParam("username", "bob")
                .formParam("password", "bob-pw")
                .post("http://127.0.0.1:8180/realms/pulse/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .body("access_token", notNullValue())
                .extract()
                .path("access_token");
        given().auth()
                .oauth2(token)
                .get("/api/v1/sync-jobs")
                .then()
                .statusCode(200)
                .body("items.size()", greaterThanOrEqualTo(0));
        given().auth().oauth2(token).get("/api/v1/connections").then().statusCode(200);
        given().auth().oauth2(token + "x").get("/api/v1/connections").then().statusCode(401);
    }
}
