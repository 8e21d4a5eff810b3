package io.pulse.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.SchemaScan;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTokens;
import io.pulse.system.PackagedStack.Service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault drill: evidence-service is killed with SIGKILL in the middle of an erasure — its transaction has deleted the
 * account's outbox rows and is deleting the profile — and started again. The half-done transaction never commits, the
 * request is taken up again, and the account ends with nothing left.
 */
class ErasureDrillTest {

    @Test
    void aKillNineInTheMiddleOfAnErasureStillEndsWithNothingLeft() throws Exception {
        PackagedStack stack = PackagedStack.get();
        // A short lease (the time a claimed request is left to its instance), so the restarted instance may take the
        // request up again within seconds rather than the production minute.
        Map<String, String> quick = Map.of("pulse.erasure.lease", "2s", "pulse.erasure.poll-interval", "1s");
        stack.restart(Service.EVIDENCE, quick);
        String token = TestTokens.individual(TestTokens.newSubject());
        UUID id = UUID.fromString(given().baseUri(stack.uri(Service.EVIDENCE).toString())
                .auth()
                .oauth2(token)
                .get("/api/v1/profile")
                .then()
                .statusCode(200)
                .extract()
                .path("id"));
        List<String> items = List.of(note(stack, token, "Planned the data migration"), note(stack, token, "Ran it"));

        try (Connection blocker = TestDatabase.connect(TestDatabase.Role.SERVICE)) {
            // Hold the profile row: the erasure's transaction gets as far as deleting it and waits there.
            blocker.setAutoCommit(false);
            try (PreparedStatement ps = blocker.prepareStatement("select 1 from profiles where id = ? for update")) {
                ps.setObject(1, id);
                ps.executeQuery().close();
            }
            given().baseUri(stack.uri(Service.EVIDENCE).toString())
                    .auth()
                    .oauth2(token)
                    .queryParam("confirm", id.toString())
                    .delete("/api/v1/profile")
                    .then()
                    .statusCode(202);
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(ErasureDrillTest::erasureWaiting);

            stack.kill(Service.EVIDENCE);
            blocker.rollback();
        }

        // The killed transaction did not commit: the account is whole, outbox rows included.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> count(
                                "select count(*) from pg_stat_activity where"
                                        + " query like 'delete from profiles%' and state <> 'idle'",
                                null)
                        == 0);
        assertThat(count("select count(*) from profiles where id = ?", id)).isEqualTo(1);
        assertThat(count("select count(*) from evidence where user_id = ?", id)).isEqualTo(2);
        assertThat(count("select count(*) from erasure_requests where user_id = ?", id))
                .isEqualTo(1);

        // Started again (a short lease, so the request is due at once): the erasure resumes and completes.
        stack.restart(Service.EVIDENCE, quick);
        List<String> needles = new java.util.ArrayList<>(items);
        needles.add(id.toString());
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> assertThat(SchemaScan.rowsCarrying(needles)).isEmpty());
        System.out.printf(
                "erasure completed %d ms after evidence-service was ready again%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /**
     * Whether a service-role session is deleting the profile and waiting for the blocker's lock. Read on a connection
     * of its own: within a transaction (the blocker's) pg_stat_activity is a snapshot that never changes.
     */
    private static boolean erasureWaiting() throws Exception {
        return count(
                        "select count(*) from pg_stat_activity where query like 'delete from profiles%'"
                                + " and wait_event_type = 'Lock'",
                        null)
                > 0;
    }

    private static String note(PackagedStack stack, String token, String title) {
        return given().baseUri(stack.uri(Service.EVIDENCE).toString())
                .auth()
                .oauth2(token)
                .contentType("application/json")
                .body(Map.of("title", title, "content", "Notes: " + title))
                .post("/api/v1/evidence")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static long count(String sql, UUID id) throws Exception {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) {
                ps.setObject(1, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
