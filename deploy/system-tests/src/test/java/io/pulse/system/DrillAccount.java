package io.pulse.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.pulse.common.events.EventType;
import io.pulse.common.events.Topics;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTokens;
import io.pulse.system.PackagedStack.Service;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fresh user of a drill's stack with a GitLab connection, and what a drill observes of them: their sync jobs and
 * evidence in the database (read there, so a drill sees them whichever service it took away) and their events on the
 * stack's topics. {@link #assertEveryItemEnrichedOnce} is the outcome every drill must end with.
 */
final class DrillAccount {

    /** A sync job as stored. */
    record Job(String status, int itemsProcessed, int itemsCreated, String errorMessage) {
        boolean finished() {
            return "completed".equals(status) || "failed".equals(status);
        }
    }

    /** How the user's evidence events were delivered: records on the topic, and how many repeated an event id. */
    record Delivery(int records, int redelivered) {}

    /** The consumer name under which insight-service records the evidence events it handled. */
    private static final String ENRICHMENT_CONSUMER = "insight-enrichment";

    private final PackagedStack stack;
    private final String token = TestTokens.individual(TestTokens.newSubject());
    private UUID userId;

    DrillAccount(PackagedStack stack) {
        this.stack = stack;
    }

    /** Connects the simulated GitLab (sync-service checks the token against it). */
    void connect(SimulatedGitLab gitlab) {
        given().baseUri(stack.uri(Service.SYNC).toString())
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("source", "gitlab", "base_url", gitlab.baseUrl(), "token", gitlab.token()))
                .post("/api/v1/connections")
                .then()
                .statusCode(201);
    }

    /** Asks for a GitLab sync; returns the (pending) job's id. */
    UUID requestSync() {
        UUID job = UUID.fromString(given().baseUri(stack.uri(Service.SYNC).toString())
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("source", "gitlab"))
                .post("/api/v1/sync-jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id"));
        userId = UUID.fromString(single("select user_id::text from sync_jobs where id = ?", job));
        return job;
    }

    /** The user's profile id (known once a sync was requested). */
    UUID userId() {
        return userId;
    }

    /** The job as stored now. */
    Job job(UUID id) {
        return query(
                "select status, items_processed, items_created, error_message from sync_jobs where id = ?", id, rs -> {
                    rs.next();
                    return new Job(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4));
                });
    }

    /** The job as its owner reads it from the API. */
    Map<String, Object> jobAsSeen(UUID id) {
        return given().baseUri(stack.uri(Service.SYNC).toString())
                .auth()
                .oauth2(token)
                .get("/api/v1/sync-jobs/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    /** The user's evidence items. */
    long items() {
        return count("select count(*) from evidence where user_id = ?");
    }

    /** The user's evidence items with their enrichment written. */
    long enriched() {
        return count("select count(*) from evidence where user_id = ? and embedding is not null");
    }

    /** The user's outbox events not yet acknowledged by the broker. */
    long unpublished() {
        return count("select count(*) from outbox where user_id = ? and published_at is null");
    }

    /**
     * Every item exists once per source id and is enriched, for its one version, by exactly one evidence.enriched
     * event; every item was announced by exactly one evidence.created event (the same event id possibly delivered
     * more than once: consumers deduplicate), which the enrichment consumer recorded as handled; nothing changed an
     * item afterwards. Returns how the events were delivered.
     */
    Delivery assertEveryItemEnrichedOnce(int expected) {
        assertThat(count("select count(distinct source_id) from evidence where user_id = ?"))
                .as("items, one per source id")
                .isEqualTo(expected);
        assertThat(items()).as("items").isEqualTo(expected);
        assertThat(count("select count(*) from evidence where user_id = ? and version = 1 and embedding is not null"
                        + " and summary is not null and embedding_model is not null"
                        + " and ai_metadata ->> 'enrichment_status' = 'enriched'"))
                .as("items enriched for their (first and only) version")
                .isEqualTo(expected);
        Set<String> ids = new HashSet<>(query("select id::text from evidence where user_id = ?", userId, rs -> {
            List<String> all = new ArrayList<>();
            while (rs.next()) {
                all.add(rs.getString(1));
            }
            return all;
        }));

        // The last enrichment writes append their evidence.enriched events to the outbox as they commit: the topic
        // holds them once the relay has published them, which may be just after the rows show enriched.
        await("the outbox to be published")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> unpublished() == 0);
        List<TopicLog.Event> events =
                TopicLog.read(stack.bootstrapServers(), stack.topicPrefix() + Topics.EVIDENCE_EVENTS, userId);
        Map<String, Set<UUID>> created = eventIds(events, EventType.EVIDENCE_CREATED);
        Map<String, Set<UUID>> enriched = eventIds(events, EventType.EVIDENCE_ENRICHED);
        assertThat(created.keySet()).as("items announced by evidence.created").isEqualTo(ids);
        assertThat(created.values()).as("evidence.created event ids per item").allMatch(s -> s.size() == 1);
        assertThat(enriched.keySet()).as("items announced by evidence.enriched").isEqualTo(ids);
        assertThat(enriched.values()).as("evidence.enriched event ids per item").allMatch(s -> s.size() == 1);
        assertThat(events)
                .filteredOn(e -> e.type().equals(EventType.EVIDENCE_ENRICHED.wireName()))
                .as("evidence.enriched versions")
                .allMatch(e -> e.payload().path("version").asLong() == 1);
        assertThat(events)
                .filteredOn(e -> e.type().equals(EventType.EVIDENCE_UPDATED.wireName())
                        || e.type().equals(EventType.EVIDENCE_DELETED.wireName()))
                .as("changes to the items after they were created")
                .isEmpty();

        UUID[] createdIds = created.values().stream().flatMap(Set::stream).toArray(UUID[]::new);
        long handled = query(
                "select count(*) from processed_events where consumer = ? and event_id = any(?)",
                ps -> {
                    ps.setString(1, ENRICHMENT_CONSUMER);
                    ps.setArray(2, ps.getConnection().createArrayOf("uuid", createdIds));
                },
                rs -> {
                    rs.next();
                    return rs.getLong(1);
                });
        assertThat(handled)
                .as("evidence.created events the enrichment consumer recorded")
                .isEqualTo(expected);
        long distinct = events.stream().map(TopicLog.Event::eventId).distinct().count();
        return new Delivery(events.size(), (int) (events.size() - distinct));
    }

    private static Map<String, Set<UUID>> eventIds(List<TopicLog.Event> events, EventType type) {
        Map<String, Set<UUID>> byItem = new HashMap<>();
        events.stream()
                .filter(e -> e.type().equals(type.wireName()))
                .forEach(e -> byItem.computeIfAbsent(e.evidenceId(), k -> new HashSet<>())
                        .add(e.eventId()));
        return byItem;
    }

    private long count(String sql) {
        return query(sql, userId, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    private String single(String sql, UUID id) {
        return query(sql, id, rs -> {
            rs.next();
            return rs.getString(1);
        });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, UUID id, Reader<T> reader) {
        return query(sql, ps -> ps.setObject(1, id), reader);
    }

    private <T> T query(String sql, Binder binder, Reader<T> reader) {
        try (Connection c = TestDatabase.connect(stack.database(), TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
