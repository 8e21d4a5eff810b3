package io.pulse.evidence.support;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulse.common.db.RlsSession;
import io.pulse.common.testing.TestDatabase;
import io.restassured.http.ContentType;

/**
 * Rows other services own, written the way they write them (service role): synced GitLab/Jira items as sync-service
 * stores them, and insights as insight-service stores them. evidence-service's own data goes through its API.
 */
public final class ReviewFixtures {

    private ReviewFixtures() {}

    /** A synced item of {@code source} ("gitlab" or "jira"), as sync-service would have stored it. */
    public static UUID synced(UUID owner, String source, String title, String url, Instant occurredAt) {
        UUID id = UUID.randomUUID();
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement("insert into evidence (id, user_id, title, content, source,"
                        + " source_id, source_url, category, occurred_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, owner);
            ps.setString(3, title);
            ps.setString(4, "Details of " + title);
            ps.setString(5, source);
            ps.setString(6, source + "-" + id);
            ps.setString(7, url);
            ps.setString(8, "gitlab".equals(source) ? "merge-request" : "issue");
            ps.setTimestamp(9, Timestamp.from(occurredAt));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /** An insight as insight-service stores it, citing {@code evidence} (in that order). */
    public static UUID insight(UUID owner, String type, String title, String content, List<UUID> evidence) {
        UUID id = UUID.randomUUID();
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement("insert into insights (id, user_id, type, title, content,"
                        + " evidence_ids, confidence, ai_metadata) values (?, ?, ?, ?, ?, ?, 0.8,"
                        + " '{\"model_version\": \"statistical\"}'::jsonb)")) {
            ps.setObject(1, id);
            ps.setObject(2, owner);
            ps.setString(3, type);
            ps.setString(4, title);
            ps.setString(5, content);
            Array ids = c.createArrayOf("uuid", evidence.toArray());
            ps.setArray(6, ids);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /** A user with the manager realm role who has signed in once (so they have a profile). */
    public static Api.User manager() {
        String subject = io.pulse.common.testing.TestTokens.newSubject();
        Api.User user = new Api.User(subject, io.pulse.common.testing.TestTokens.token(subject, List.of("manager")));
        user.id();
        return user;
    }

    /** {@code owner} names {@code manager} (by the test token's e-mail address). */
    public static void nameManager(Api.User owner, Api.User manager) {
        owner.as()
                .contentType(ContentType.JSON)
                .body(Map.of("email", manager.subject() + "@example.test"))
                .put("/api/v1/manager")
                .then()
                .statusCode(200);
    }

    /** {@code owner} shares an item of {@code kind} with their manager; the answer, unchecked. */
    public static io.restassured.response.Response share(Api.User owner, String kind, UUID item) {
        return owner.as()
                .contentType(ContentType.JSON)
                .body(Map.of("kind", kind, "item_id", item.toString()))
                .post("/api/v1/shares");
    }

    /** A manual item created through the API at {@code occurredAt}. */
    public static UUID manual(Api.User user, String title, Instant occurredAt) {
        return UUID.fromString(user.as()
                .contentType(ContentType.JSON)
                .body(Map.of("title", title, "content", "What I did: " + title, "occurred_at", occurredAt.toString()))
                .post("/api/v1/evidence")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    /** Runs {@code sql} as the request role bound to {@code user} and returns the first column of every row. */
    public static List<String> asRequestRole(UUID user, String sql) {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.APP)) {
            c.setAutoCommit(false);
            if (user != null) {
                try (PreparedStatement ps = c.prepareStatement(RlsSession.SET_USER_SQL.replace("$1", "?"))) {
                    ps.setString(1, user.toString());
                    ps.executeQuery().close();
                }
            }
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            c.rollback();
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a write as the request role bound to {@code user}; returns the SQL state it failed with, or null. */
    public static String writeAsRequestRole(UUID user, String sql) {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.APP)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(RlsSession.SET_USER_SQL.replace("$1", "?"))) {
                ps.setString(1, user.toString());
                ps.executeQuery().close();
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate(sql);
                c.rollback();
                return null;
            } catch (SQLException e) {
                c.rollback();
                return e.getSQLState();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
