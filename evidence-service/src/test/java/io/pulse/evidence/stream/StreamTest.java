package io.pulse.evidence.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.InsightGenerationPayload;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTokens;
import io.pulse.common.testing.TestTopics;
import io.pulse.evidence.support.Api.User;
import io.pulse.evidence.support.SseClient;
import io.pulse.evidence.support.SseClient.Frame;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(PulseTestResource.class)
class StreamTest {

    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void ownerReceivesCreatedUpdatedDeletedWithinTwoSecondsAndNothingOfOthers() throws Exception {
        User alice = User.fresh();
        User bob = User.fresh();
        UUID aliceId = alice.id();
        UUID bobId = bob.id();
        try (SseClient aliceStream = SseClient.open(alice.token(), null);
                SseClient bobStream = SseClient.open(bob.token(), null)) {
            assertThat(aliceStream.status()).isEqualTo(200);
            assertThat(aliceStream.contentType()).startsWith("text/event-stream");
            // The first heartbeat says the stream is subscribed.
            assertThat(aliceStream.nextComment(Duration.ofSeconds(5))).isNotNull();
            assertThat(bobStream.nextComment(Duration.ofSeconds(5))).isNotNull();

            // Warm-up: the instance's Kafka consumer starts at the latest offset once it has its partitions.
            Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> {
                alice.createItem("warm-up");
                return aliceStream.nextEvent(Duration.ofSeconds(3)) != null;
            });
            drainEvents(aliceStream);

            long sent = System.nanoTime();
            String id = alice.createItem("Shipped the importer");
            Frame created = expect(aliceStream, "evidence.created", id, sent);
            sent = System.nanoTime();
            alice.as()
                    .contentType(ContentType.JSON)
                    .header("If-Match", "\"1\"")
                    .body(Map.of("title", "Shipped the GitLab importer"))
                    .patch("/api/v1/evidence/" + id)
                    .then()
                    .statusCode(200);
            expect(aliceStream, "evidence.updated", id, sent);
            sent = System.nanoTime();
            alice.as()
                    .header("If-Match", "\"2\"")
                    .delete("/api/v1/evidence/" + id)
                    .then()
                    .statusCode(204);
            expect(aliceStream, "evidence.deleted", id, sent);

            JsonNode envelope = JSON.readTree(created.data());
            assertThat(envelope.get("eventId").asText()).isEqualTo(created.id());
            assertThat(envelope.get("userId").asText()).isEqualTo(aliceId.toString());
            assertThat(envelope.get("payload").has("content")).isFalse();

            sent = System.nanoTime();
            String bobsItem = bob.createItem("Bob's secret");
            expect(bobStream, "evidence.created", bobsItem, sent);
            Thread.sleep(1000);
            for (Frame frame : aliceStream.drain()) {
                if (!frame.isComment()) {
                    assertThat(JSON.readTree(frame.data()).get("userId").asText())
                            .isEqualTo(aliceId.toString());
                }
            }
            for (Frame frame : bobStream.drain()) {
                if (!frame.isComment()) {
                    assertThat(JSON.readTree(frame.data()).get("userId").asText())
                            .isEqualTo(bobId.toString());
                }
            }
        }
    }

    @Test
    void heartbeatsKeepComingAndReconnectWithLastEventIdReplaysMissedEvents() throws Exception {
        User alice = User.fresh();
        alice.id();
        String lastSeen;
        try (SseClient stream = SseClient.open(alice.token(), null)) {
            assertThat(stream.nextComment(Duration.ofSeconds(5))).isNotNull();
            // Heartbeat interval is 2 s in tests.
            assertThat(stream.nextComment(Duration.ofSeconds(4))).isNotNull();
            Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> {
                alice.createItem("warm-up");
                return stream.nextEvent(Duration.ofSeconds(3)) != null;
            });
            drainEvents(stream);
            long sent = System.nanoTime();
            String first = alice.createItem("Before the disconnect");
            lastSeen = expect(stream, "evidence.created", first, sent).id();
        }
        String missed1 = alice.createItem("While away 1");
        String missed2 = alice.createItem("While away 2");
        // Let the relay publish them and this instance receive them while the client is away.
        Thread.sleep(2500);
        try (SseClient stream = SseClient.open(alice.token(), lastSeen)) {
            Frame a = stream.nextEvent(Duration.ofSeconds(5));
            Frame b = stream.nextEvent(Duration.ofSeconds(5));
            assertThat(a).isNotNull();
            assertThat(b).isNotNull();
            assertThat(JSON.readTree(a.data()).at("/payload/evidenceId").asText())
                    .isEqualTo(missed1);
            assertThat(JSON.readTree(b.data()).at("/payload/evidenceId").asText())
                    .isEqualTo(missed2);
        }
    }

    @Test
    void theStatusOfAnInsightGenerationRequestReachesItsOwner() throws Exception {
        User alice = User.fresh();
        UUID aliceId = alice.id();
        try (SseClient stream = SseClient.open(alice.token(), null)) {
            assertThat(stream.nextComment(Duration.ofSeconds(5))).isNotNull();
            Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> {
                alice.createItem("warm-up");
                return stream.nextEvent(Duration.ofSeconds(3)) != null;
            });
            drainEvents(stream);
            // As insight-service writes it when a generation falls back to the statistical generator.
            UUID requestId = UUID.randomUUID();
            EventEnvelope completed = EventCodec.envelope(
                    EventType.INSIGHT_GENERATION_UPDATED,
                    aliceId,
                    new InsightGenerationPayload(
                            requestId,
                            "completed",
                            "api",
                            java.time.LocalDate.now().minusDays(30),
                            java.time.LocalDate.now(),
                            "evidence-semantic-v2(llm-unavailable)",
                            true,
                            "llm_unavailable",
                            "5xx",
                            3,
                            0,
                            0,
                            List.of()));
            try (java.sql.Connection db = TestDatabase.connect(TestDatabase.Role.SERVICE);
                    java.sql.PreparedStatement insert = db.prepareStatement("insert into outbox (event_id, user_id,"
                            + " topic, message_key, event_type, envelope) values (?, ?, ?, ?, ?, ?::jsonb)")) {
                insert.setObject(1, completed.eventId());
                insert.setObject(2, aliceId);
                insert.setString(3, TestTopics.of(EventType.INSIGHT_GENERATION_UPDATED.topic()));
                insert.setString(4, aliceId.toString());
                insert.setString(5, EventType.INSIGHT_GENERATION_UPDATED.wireName());
                insert.setString(6, EventCodec.toJson(completed));
                insert.executeUpdate();
            }
            Frame frame;
            do {
                frame = stream.nextEvent(Duration.ofSeconds(10));
                assertThat(frame).as("insight-generation.updated on the stream").isNotNull();
            } while (!frame.event().equals("insight-generation.updated"));
            JsonNode payload = JSON.readTree(frame.data()).get("payload");
            assertThat(payload.get("requestId").asText()).isEqualTo(requestId.toString());
            assertThat(payload.get("fallback").asBoolean()).isTrue();
            assertThat(payload.get("reason").asText()).isEqualTo("llm_unavailable");
        }
    }

    @Test
    void streamEndsWhenTheTokenExpires() throws Exception {
        String subject = TestTokens.newSubject();
        String shortLived = Jwt.issuer(TestTokens.ISSUER)
                .subject(subject)
                .audience(TestTokens.AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of("individual")))
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(4))
                .jws()
                .sign(testKey());
        try (SseClient stream = SseClient.open(shortLived, null)) {
            assertThat(stream.status()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(9)).until(stream::ended);
        }
    }

    private static java.security.PrivateKey testKey() throws Exception {
        try (var in = StreamTest.class.getResourceAsStream("/testing/test-signing-key.pem")) {
            String pem = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return java.security.KeyFactory.getInstance("RSA")
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                            java.util.Base64.getDecoder().decode(pem)));
        }
    }

    private static void drainEvents(SseClient stream) throws InterruptedException {
        while (stream.nextEvent(Duration.ofMillis(500)) != null) {
            // Skip the warm-up events.
        }
    }

    /**
     * Waits for the event until 2 s after the request was sent ({@code sentAt}, a nanoTime). Other events of the same user may come first (enrichment by insight-service
     * publishes evidence.enriched for the same items) and are skipped.
     */
    private static Frame expect(SseClient stream, String type, String evidenceId, long sentAt) throws Exception {
        long start = sentAt;
        long deadline = start + TWO_SECONDS.toNanos();
        while (true) {
            Frame frame = stream.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            assertThat(frame).as("%s for %s within 2 s", type, evidenceId).isNotNull();
            if (frame.event().equals(type)
                    && JSON.readTree(frame.data())
                            .at("/payload/evidenceId")
                            .asText()
                            .equals(evidenceId)) {
                System.out.printf("SSE latency %s: %d ms%n", type, (System.nanoTime() - start) / 1_000_000);
                return frame;
            }
        }
    }
}
