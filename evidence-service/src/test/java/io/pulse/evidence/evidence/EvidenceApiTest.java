package io.pulse.evidence.evidence;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestDatabase;
import io.pulse.evidence.support.Api;
import io.pulse.evidence.support.Api.User;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(PulseTestResource.class)
class EvidenceApiTest {

    @Test
    void createReadUpdateDeleteWithETagsAndOneOutboxEventPerChange() {
        User alice = User.fresh();
        UUID aliceId = alice.id();

        Response created = alice.create(Map.of(
                "title",
                "  Led the incident review  ",
                "content",
                "Wrote the postmortem for the checkout outage.",
                "category",
                "incident-response",
                "tags",
                List.of("postmortem", "sre", "postmortem"),
                "source_url",
                "https://wiki.example.com/pm/42",
                "occurred_at",
                "2026-03-02T10:15:30.123456Z"));
        created.then()
                .statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", startsWith("http"))
                .body("title", equalTo("Led the incident review"))
                .body("source", equalTo("manual"))
                .body("source_id", nullValue())
                .body("summary", nullValue())
                .body("tags", contains("postmortem", "sre"))
                .body("occurred_at", equalTo("2026-03-02T10:15:30.123456Z"))
                .body("version", equalTo(1));
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/v1/evidence/" + id);
        assertThat(events(aliceId)).containsExactly("evidence.created:1");

        alice.as().get("/api/v1/evidence/" + id).then().statusCode(200).header("ETag", "\"1\"");

        // No If-Match: 428; stale If-Match: 412; neither writes anything.
        alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("title", "Changed"))
                .patch("/api/v1/evidence/" + id)
                .then()
                .statusCode(428)
                .contentType("application/problem+json");
        alice.as()
                .contentType(ContentType.JSON)
                .header("If-Match", "\"7\"")
                .body(Map.of("title", "Changed"))
                .patch("/api/v1/evidence/" + id)
                .then()
                .statusCode(412)
                .contentType("application/problem+json");
        alice.as()
                .contentType(ContentType.JSON)
                .header("If-Match", "W/\"1\"")
                .body(Map.of("title", "Changed"))
                .patch("/api/v1/evidence/" + id)
                .then()
                .statusCode(412);
        assertThat(events(aliceId)).containsExactly("evidence.created:1");

        // Merge-patch: absent fields stay, null clears optional ones (a cleared category is the default, general).
        Map<String, Object> patch = new java.util.HashMap<>();
        patch.put("title", "Led the checkout incident review");
        patch.put("category", null);
        alice.as()
                .contentType(ContentType.JSON)
                .header("If-Match", "\"1\"")
                .body(patch)
                .patch("/api/v1/evidence/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("title", equalTo("Led the checkout incident review"))
                .body("category", equalTo("general"))
                .body("content", equalTo("Wrote the postmortem for the checkout outage."))
                .body("tags", contains("postmortem", "sre"))
                .body("version", equalTo(2));

        // A patch that changes nothing keeps the version and publishes nothing.
        alice.as()
                .contentType(ContentType.JSON)
                .header("If-Match", "\"2\"")
                .body(Map.of("title", "Led the checkout incident review"))
                .patch("/api/v1/evidence/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"");

        // The editor who still holds version 1 cannot overwrite version 2.
        alice.as()
                .contentType(ContentType.JSON)
                .header("If-Match", "\"1\"")
                .body(Map.of("content", "stale edit"))
                .patch("/api/v1/evidence/" + id)
                .then()
                .statusCode(412);
        alice.as().delete("/api/v1/evidence/" + id).then().statusCode(428);
        alice.as()
                .header("If-Match", "\"1\"")
                .delete("/api/v1/evidence/" + id)
                .then()
                .statusCode(412);
        assertThat(events(aliceId)).containsExactly("evidence.created:1", "evidence.updated:2");

        alice.as()
                .header("If-Match", "\"2\"")
                .delete("/api/v1/evidence/" + id)
                .then()
                .statusCode(204);
        alice.as().get("/api/v1/evidence/" + id).then().statusCode(404).contentType("application/problem+json");
        alice.as()
                .header("If-Match", "*")
                .delete("/api/v1/evidence/" + id)
                .then()
                .statusCode(404);
        assertThat(events(aliceId)).containsExactly("evidence.created:1", "evidence.updated:2", "evidence.deleted:2");
        assertThat(Api.evidenceOf(aliceId)).isZero();
    }

    @Test
    void concurrentEditorsHoldingTheSameVersionCannotBothWin() throws Exception {
        User alice = User.fresh();
        String id = alice.createItem("Shared draft");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String content = "edit " + i;
                results.add(pool.submit(() -> alice.as()
                        .contentType(ContentType.JSON)
                        .header("If-Match", "\"1\"")
                        .body(Map.of("content", content))
                        .patch("/api/v1/evidence/" + id)
                        .statusCode()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var r : results) {
                statuses.add(r.get());
            }
            assertThat(statuses).containsOnly(200, 412);
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        alice.as().get("/api/v1/evidence/" + id).then().body("version", equalTo(2));
        assertThat(events(alice.id())).containsExactly("evidence.created:1", "evidence.updated:2");
    }

    /** The user's outbox events in order, as {@code type:version}. */
    static List<String> events(UUID userId) {
        List<String> out = new java.util.ArrayList<>();
        try (var c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                var ps = c.prepareStatement("select event_type, envelope->'payload'->>'version'"
                        + " from outbox where user_id = ? order by id")) {
            ps.setObject(1, userId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + ":" + rs.getString(2));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
