package io.pulse.evidence.profile;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.pulse.common.events.Topics;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.SchemaScan;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTokens;
import io.pulse.common.testing.TestTopics;
import io.pulse.evidence.support.Api;
import io.pulse.evidence.support.Api.User;
import io.pulse.evidence.support.ReviewFixtures;
import io.pulse.evidence.support.Uploads;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * An account filled through every feature is erased: afterwards no row of any table of the schema (read from the
 * catalogue, so a table added later is covered) carries the user's id or one of their evidence ids, other people's
 * data is untouched, the event is on the topic, and the next sign-in starts a fresh, empty profile.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class ErasureTest {

    private static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

    @Test
    void anErasedAccountLeavesNoRowAnywhereAndOthersKeepTheirs() throws Exception {
        // Alice holds the manager role too: Carol shares with her, and she shares with Morgan.
        String aliceSubject = TestTokens.newSubject();
        User alice = new User(aliceSubject, TestTokens.token(aliceSubject, List.of("manager")));
        User morgan = ReviewFixtures.manager();
        User carol = User.fresh();
        User bob = User.fresh();
        UUID aliceId = alice.id();
        UUID carolId = carol.id();
        bob.id();

        List<UUID> aliceEvidence = new ArrayList<>();
        aliceEvidence.add(
                ReviewFixtures.manual(alice, "Led the checkout rewrite", Instant.parse("2026-08-01T10:00:00Z")));
        aliceEvidence.add(ReviewFixtures.synced(
                aliceId,
                "gitlab",
                "Batch the cart queries",
                "https://gitlab.example.com/mr/1",
                Instant.parse("2026-08-02T10:00:00Z")));
        aliceEvidence.add(UUID.fromString(Uploads.upload(
                        alice,
                        Uploads.Part.of(
                                "design.md", "# Design\n\nThe new checkout.\n".getBytes(StandardCharsets.UTF_8)))
                .then()
                .statusCode(201)
                .extract()
                .<String>path("items[0].evidence.id")));
        UUID insight = ReviewFixtures.insight(
                aliceId, "achievement", "Checkout", "Faster checkout.", List.of(aliceEvidence.get(0)));
        String period = alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("name", "H2 2026", "start_date", "2026-07-01", "end_date", "2026-12-31"))
                .post("/api/v1/periods")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String goal = alice.as()
                .contentType(ContentType.JSON)
                .body(Map.of("title", "Fast checkout"))
                .post("/api/v1/periods/" + period + "/goals")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        alice.as()
                .put("/api/v1/goals/" + goal + "/evidence/" + aliceEvidence.get(0))
                .then()
                .statusCode(200);
        alice.as().post("/api/v1/periods/" + period + "/packet").then().statusCode(200);
        ReviewFixtures.nameManager(alice, morgan);
        ReviewFixtures.share(alice, "insight", insight).then().statusCode(201);
        // Carol shares with Alice: the link and the share go, Carol's evidence stays.
        UUID carolItem = UUID.fromString(carol.createItem("Carol's migration plan"));
        ReviewFixtures.nameManager(carol, alice);
        ReviewFixtures.share(carol, "evidence", carolItem).then().statusCode(201);
        // Rows of the other services, as they write them.
        service(
                "insert into source_connections (user_id, source, auth_type, base_url, account_id, token_ciphertext,"
                        + " token_nonce, token_key_id) values (?, 'gitlab', 'gitlab_pat', 'https://gitlab.example.com', '42',"
                        + " 'c2VjcmV0'::bytea, 'bm9uY2U='::bytea, 'k1')",
                aliceId);
        service("insert into sync_jobs (user_id, source, status) values (?, 'gitlab', 'completed')", aliceId);
        UUID bobItem = UUID.fromString(bob.createItem("Bob's own work"));
        Map<String, Long> othersBefore = othersRows(aliceId, bob.id(), carolId);

        // A missing or wrong confirmation erases nothing.
        alice.as().delete("/api/v1/profile").then().statusCode(400).body("errors[0].field", equalTo("confirm"));
        alice.as()
                .queryParam("confirm", carolId)
                .delete("/api/v1/profile")
                .then()
                .statusCode(400);
        assertThat(Api.count("select count(*) from profiles where id = ?", aliceId))
                .isEqualTo(1);

        alice.as()
                .queryParam("confirm", aliceId)
                .delete("/api/v1/profile")
                .then()
                .statusCode(202)
                .body("status", equalTo("pending"));

        List<String> needles = new ArrayList<>();
        needles.add(aliceId.toString());
        aliceEvidence.forEach(id -> needles.add(id.toString()));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> assertThat(SchemaScan.rowsCarrying(needles)).isEmpty());

        // Everything of Bob's and Carol's that does not concern Alice is untouched; Carol's share with Alice (and the
        // event that announced it) went with Alice.
        assertThat(othersRows(aliceId, bob.id(), carolId)).isEqualTo(othersBefore);
        assertThat(Api.count("select count(*) from shares where owner_id = ?", carolId))
                .isZero();
        bob.as().get("/api/v1/evidence/" + bobItem).then().statusCode(200);
        carol.as().get("/api/v1/evidence/" + carolItem).then().statusCode(200);
        carol.as().get("/api/v1/manager").then().statusCode(404);

        List<String> events = erasedEvents(aliceId);
        assertThat(events).hasSize(1);
        io.restassured.path.json.JsonPath event = io.restassured.path.json.JsonPath.from(events.get(0));
        assertThat(event.getString("type")).isEqualTo("profile.erased");
        assertThat(event.getString("userId")).isEqualTo(aliceId.toString());

        // The next sign-in starts afresh once this instance has read profile.erased. Right after a broker outage (as
        // when BrokerOutageTest ran just before) its consumer gets partitions back only after a rebalance, up to the
        // 45 s session timeout; the event is not lost meanwhile (read from the earliest retained offset).
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(alice.id()).isNotEqualTo(aliceId));
        alice.as().get("/api/v1/evidence").then().statusCode(200).body("items", hasSize(0));
        alice.as().get("/api/v1/periods").then().statusCode(200).body("items", hasSize(0));
    }

    /** Row counts per table of the other users' data that does not name {@code erased}. */
    private static Map<String, Long> othersRows(UUID erased, UUID... users) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("profiles", "evidence", "evidence_attachments", "attachment_chunks", "outbox")) {
            String column = table.equals("profiles") ? "id" : "user_id";
            long n = 0;
            for (UUID user : users) {
                n += Api.count(
                        "select count(*) from " + table + " t where " + column + " = ? and t::text not like ?",
                        user,
                        "%" + erased + "%");
            }
            counts.put(table, n);
        }
        return counts;
    }

    private static List<String> erasedEvents(UUID userId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "erasure-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TestTopics.of(Topics.PROFILE_EVENTS)));
            long deadline = System.currentTimeMillis() + 15_000;
            while (events.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (userId.toString().equals(record.key())) {
                        events.add(record.value());
                    }
                }
            }
        }
        return events;
    }

    private static void service(String sql, UUID user) throws SQLException {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, user);
            ps.executeUpdate();
        }
    }
}
