package io.pulse.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;

/**
 * Fresh people in the local Keycloak's {@code pulse} realm (admin REST API), so a browser journey signs in through the
 * real login page as someone with no history; removed again by {@link #close()}. New users get the realm's default
 * roles, which include {@code individual}.
 */
final class KeycloakUsers implements AutoCloseable {

    /** A person who can sign in. */
    record User(String username, String password) {}

    private final String url = System.getenv().getOrDefault("PULSE_KEYCLOAK_URL", "http://127.0.0.1:8180");
    private final String realm = System.getenv().getOrDefault("PULSE_KEYCLOAK_REALM", "pulse");
    private final List<String> created = new ArrayList<>();

    String tokenUrl() {
        return url + "/realms/" + realm + "/protocol/openid-connect/token";
    }

    User create(String username, String firstName) {
        String password = "pw-" + java.util.UUID.randomUUID();
        String location = given().baseUri(url)
                .auth()
                .oauth2(adminToken())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "username",
                        username,
                        "enabled",
                        true,
                        "email",
                        username + "@example.com",
                        "emailVerified",
                        true,
                        "firstName",
                        firstName,
                        "lastName",
                        "Tester",
                        "requiredActions",
                        List.of(),
                        "credentials",
                        List.of(Map.of("type", "password", "value", password, "temporary", false))))
                .post("/admin/realms/" + realm + "/users")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        created.add(location.substring(location.lastIndexOf('/') + 1));
        return new User(username, password);
    }

    @Override
    public void close() {
        String token = adminToken();
        for (String id : created) {
            given().baseUri(url).auth().oauth2(token).delete("/admin/realms/" + realm + "/users/" + id);
        }
    }

    private String adminToken() {
        return given().baseUri(url)
                .formParam("grant_type", "password")
                .formParam("client_id", "admin-cli")
                .formParam("username", System.getenv().getOrDefault("PULSE_KEYCLOAK_ADMIN_USER", "admin"))
                .formParam("password", System.getenv().getOrDefault("PULSE_KEYCLOAK_ADMIN_PASSWORD", "admin"))
                .post("/realms/master/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }
}
