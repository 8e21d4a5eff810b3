package io.pulse.sync.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulse.common.testing.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** REST and database helpers shared by the sync component tests. */
public final class SyncApi {

    private SyncApi() {}

    public static Response createConnection(String jwt, Map<String, Object> body) {
        return given().auth()
                .oauth2(jwt)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/connections");
    }

    /** Creates a GitLab connection (the test must stub GET /api/v4/user) and asserts 201. */
    public static void connectGitLab(String jwt, String baseUrl, String token) {
        createConnection(jwt, Map.of("source", "gitlab", "base_url", baseUrl, "token", token))
                .then()
                .statusCode(201);
    }

    public static Response requestSync(String jwt, Map<String, Object> body) {
        return given().auth()
                .oauth2(jwt)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/sync-jobs");
    }

    /** Requests a sync, waits for it to end and returns the final job JSON. */
    public static Map<String, Object> syncAndWait(String jwt, String source) {
        String id = requestSync(jwt, Map.of("source", source))
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        return awaitEnd(jwt, id);
    }

    public static Map<String, Object> awaitEnd(String jwt, String id) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    String status = given().auth()
                            .oauth2(jwt)
                            .get("/api/v1/sync-jobs/" + id)
                            .then()
                            .extract()
                            .path("status");
                    return "completed".equals(status) || "failed".equals(status);
                });
        return given().auth()
                .oauth2(jwt)
                .get("/api/v1/sync-jobs/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$");
    }

    public static UUID userId(String subject) {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.OWNER);
                PreparedStatement ps = c.prepareStatement("select id from profiles where oidc_subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("profile of " + subject).isTrue();
                return (UUID) rs.getObject(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The user's evidence rows by source_id: title, content, category, tags, version, occurred_at, source_url. */
    public static Map<String, Map<String, Object>> evidence(UUID userId) {
        return rows(
                "select source_id, title, content, category, tags, version, occurred_at, source_url, source"
                        + " from evidence where user_id = ? order by source_id",
                userId);
    }

    /** Counts of the user's outbox events by type. */
    public static Map<String, Integer> eventCounts(UUID userId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Connection c = TestDatabase.connect(TestDatabase.Role.OWNER);
                PreparedStatement ps = c.prepareStatement(
                        "select event_type, count(*) from outbox where user_id = ? group by event_type")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    public static int execute(String sql, Object... args) {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Map<String, Object>> rows(String sql, Object... args) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        try (Connection c = TestDatabase.connect(TestDatabase.Role.OWNER);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        Object value = rs.getObject(i);
                        if (value instanceof java.sql.Array array) {
                            value = new ArrayList<>(List.of((Object[]) array.getArray()));
                        }
                        row.put(rs.getMetaData().getColumnLabel(i), value);
                    }
                    result.put(String.valueOf(rs.getObject(1)), row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }
}
