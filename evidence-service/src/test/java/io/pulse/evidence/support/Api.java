package io.pulse.evidence.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Test helpers: calls as a user, evidence factory, and database checks as the service role. */
public final class Api {

    private Api() {}

    /** A fresh user with its own subject and token. */
    public record User(String subject, String token) {
        public static User fresh() {
            String subject = TestTokens.newSubject();
            return new User(subject, TestTokens.individual(subject));
        }

        public RequestSpecification as() {
            return given().auth().oauth2(token);
        }

        /** The profile id (creates the profile if needed). */
        public UUID id() {
            return UUID.fromString(
                    as().get("/api/v1/profile").then().statusCode(200).extract().path("id"));
        }

        public Response create(Map<String, Object> body) {
            return as().contentType(ContentType.JSON).body(body).post("/api/v1/evidence");
        }

        /** Creates a valid manual item and returns its id. */
        public String createItem(String title) {
            return create(Map.of("title", title, "content", "Content of " + title, "tags", java.util.List.of("java")))
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
        }
    }

    public static long count(String sql, Object... args) {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long evidenceOf(UUID userId) {
        return count("select count(*) from evidence where user_id = ?", userId);
    }

    public static long outboxOf(UUID userId) {
        return count("select count(*) from outbox where user_id = ?", userId);
    }

    public static long profilesWithSubject(String subject) {
        return count("select count(*) from profiles where oidc_subject = ?", subject);
    }
}
