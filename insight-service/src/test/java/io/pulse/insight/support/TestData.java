package io.pulse.insight.support;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventPayload;
import io.pulse.common.events.EventType;
import io.pulse.common.events.EvidencePayload;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTokens;
import io.pulse.common.testing.TestTopics;

/**
 * Writes evidence exactly as evidence-service does (request role bound to the user, the row and its event in the
 * outbox in one transaction), and reads what insight-service made of it.
 */
public final class TestData {

    private TestData() {}

    /** A user as the test issuer's subject; {@code llm=false} opts the user out of LLM processing. */
    public record User(UUID id, String subject, String token) {}

    /** One stored evidence item. */
    public record Evidence(UUID id, long version) {}

    public static User user(boolean llm) {
        ConsumerGroups.awaitAssigned();
        String subject = TestTokens.newSubject();
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement("insert into profiles (oidc_issuer, oidc_subject, full_name,"
                        + " role, preferences) values (?, ?, ?, 'individual', ?::jsonb) returning id")) {
            ps.setString(1, TestTokens.ISSUER);
            ps.setString(2, subject);
            ps.setString(3, "Test " + subject.substring(0, 13));
            ps.setString(4, llm ? "{}" : "{\"llm\": false}");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new User(rs.getObject(1, UUID.class), subject, TestTokens.individual(subject));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A review period of the user's covering the days of {@code from} to {@code to} (UTC), as evidence-service writes it. */
    public static String period(User user, Instant from, Instant to) {
        UUID id = UUID.randomUUID();
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement("insert into review_periods (id, user_id, name, start_date,"
                        + " end_date) values (?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, user.id());
            ps.setString(3, "Period " + id);
            ps.setObject(4, from.atZone(java.time.ZoneOffset.UTC).toLocalDate());
            ps.setObject(5, to.atZone(java.time.ZoneOffset.UTC).toLocalDate());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id.toString();
    }

    public static Evidence create(
            User user,
            String title,
            String content,
            String source,
            String category,
            List<String> tags,
            Instant occurredAt) {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.APP)) {
            c.setAutoCommit(false);
            bind(c, user.id());
            UUID id;
            long version;
            try (PreparedStatement ps = c.prepareStatement("insert into evidence (user_id, title, content, source,"
                    + " category, tags, occurred_at) values (?, ?, ?, ?, ?, ?, ?) returning id, version")) {
                ps.setObject(1, user.id());
                ps.setString(2, title);
                ps.setString(3, content);
                ps.setString(4, source);
                ps.setString(5, category);
                ps.setArray(6, c.createArrayOf("text", tags.toArray()));
                ps.setTimestamp(7, Timestamp.from(occurredAt));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getObject(1, UUID.class);
                    version = rs.getLong(2);
                }
            }
            outbox(
                    c,
                    EventType.EVIDENCE_CREATED,
                    user.id(),
                    new EvidencePayload(id, version, source, title, category, tags, occurredAt));
            c.commit();
            return new Evidence(id, version);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Many items of one user in one transaction (rows and their events), as a bulk import would write them. */
    public static List<Evidence> createMany(User user, List<String[]> titleContentSource, Instant occurredAt) {
        ConsumerGroups.awaitAssigned();
        try (Connection c = TestDatabase.connect(TestDatabase.Role.APP)) {
            c.setAutoCommit(false);
            bind(c, user.id());
            List<Evidence> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("insert into evidence (user_id, title, content, source,"
                    + " occurred_at) values (?, ?, ?, ?, ?) returning id, version")) {
                for (String[] t : titleContentSource) {
                    ps.setObject(1, user.id());
                    ps.setString(2, t[0]);
                    ps.setString(3, t[1]);
                    ps.setString(4, t[2]);
                    ps.setTimestamp(5, Timestamp.from(occurredAt));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        Evidence e = new Evidence(rs.getObject(1, UUID.class), rs.getLong(2));
                        out.add(e);
                        outbox(
                                c,
                                EventType.EVIDENCE_CREATED,
                                user.id(),
                                new EvidencePayload(e.id(), e.version(), t[2], t[0], null, List.of(), occurredAt));
                    }
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Changes the content (version + 1) with its evidence.updated event. */
    public static Evidence update(User user, UUID id, String title, String content) {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.APP)) {
            c.setAutoCommit(false);
            bind(c, user.id());
            long version;
            String source;
            Instant occurredAt;
            try (PreparedStatement ps = c.prepareStatement("update evidence set title = ?, content = ?,"
                    + " version = version + 1 where id = ? returning version, source, occurred_at")) {
                ps.setString(1, title);
                ps.setString(2, content);
                ps.setObject(3, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1);
                    source = rs.getString(2);
                    occurredAt = rs.getTimestamp(3).toInstant();
                }
            }
            outbox(
                    c,
                    EventType.EVIDENCE_UPDATED,
                    user.id(),
                    new EvidencePayload(id, version, source, title, null, List.of(), occurredAt));
            c.commit();
            return new Evidence(id, version);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes an event into the outbox as the service role, outside any other change: e.g. an insights.requested
     * event as a producer from before generation requests were recorded wrote it, or as a replay delivers it.
     */
    public static EventEnvelope publish(EventType type, UUID userId, EventPayload payload) {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE)) {
            return outbox(c, type, userId, payload);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static EventEnvelope outbox(Connection c, EventType type, UUID userId, EventPayload payload)
            throws SQLException {
        EventEnvelope envelope = EventCodec.envelope(type, userId, payload);
        try (PreparedStatement ps = c.prepareStatement("insert into outbox (event_id, user_id, topic, message_key,"
                + " event_type, envelope) values (?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setObject(1, envelope.eventId());
            ps.setObject(2, userId);
            ps.setString(3, TestTopics.of(type.topic()));
            ps.setString(4, userId.toString());
            ps.setString(5, type.wireName());
            ps.setString(6, EventCodec.toJson(envelope));
            ps.executeUpdate();
        }
        return envelope;
    }

    private static void bind(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select set_config('app.user_id', ?, true)")) {
            ps.setString(1, userId.toString());
            ps.executeQuery().close();
        }
    }

    /** One row of evidence as the service role sees it (column name to value). */
    public static Map<String, Object> row(UUID id) {
        List<Map<String, Object>> rows = query(
                "select id, version, summary, embedding_model, ai_metadata::text as"
                        + " ai_metadata, embedding is not null as embedded, updated_at from evidence where id = ?",
                id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Runs a query as the service role. */
    public static List<Map<String, Object>> query(String sql, Object... args) {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                if (a instanceof UUID[] ids) {
                    Array arr = c.createArrayOf("uuid", ids);
                    ps.setArray(i + 1, arr);
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
