package io.pulse.evidence.profile;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.testing.PulseTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** A real token from the local stack's Keycloak (realm pulse, user alice) is accepted end to end. */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class KeycloakEndToEndTest {

    private static final String TOKEN_URL =
            System.getenv().getOrDefault("PULSE_OIDC_ISSUER", "http://127.0.0.1:8180/realms/pulse")
                    + "/protocol/openid-connect/token";

    @Test
    void aliceFromKeycloakGetsHerProfileAndNobodyElsesEvidence() throws Exception {
        String token = passwordGrant("alice", "alice-pw");
        given().auth()
                .oauth2(token)
                .get("/api/v1/profile")
                .then()
                .statusCode(200)
                .body("id", notNullValue())
                .body("role", equalTo("individual"))
                .body("full_name", notNullValue());
        given().auth().oauth2(token).get("/api/v1/evidence").then().statusCode(200);
        // A tampered Keycloak token is refused.
        String tampered = token.substring(0, token.length() - 4) + "AAAA";
        given().auth().oauth2(tampered).get("/api/v1/profile").then().statusCode(401);
    }

    @Test
    void managerRoleComesFromKeycloak() throws Exception {
        given().auth()
                .oauth2(passwordGrant("morgan", "morgan-pw"))
                .get("/api/v1/profile")
                .then()
                .statusCode(200)
                .body("role", equalTo("manager"));
    }

    private static String passwordGrant(String user, String password) throws Exception {
        Map<String, String> form =
                Map.of("grant_type", "password", "client_id", "pulse-cli", "username", user, "password", password);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(TOKEN_URL))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).get("access_token").asText();
    }
}
