package io.pulse.common.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestDatabase.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves the privacy promise in the database itself: connected as the request role, with the per-transaction user
 * setting that {@link RlsSession} uses, queries without any WHERE clause see only that user's rows.
 */
class RowLevelSecurityTest {

    private UUID alice;
    private UUID bob;

    @BeforeAll
    static void migrate() {
        TestDatabase.migrateMain();
    }

    @BeforeEach
    void twoUsersWithData() throws SQLException {
        alice = TestDatabase.ensureProfile("alice-" + UUID.randomUUID());
        bob = TestDatabase.ensureProfile("bob-" + UUID.randomUUID());
        try (Connection c = TestDatabase.connect(Role.SERVICE);
                Statement s = c.createStatement()) {
            for (UUID user : List.of(alice, bob)) {
                s.execute("insert into evidence (user_id, title, content, source) values ('" + user + "', 'work of "
                        + user + "', 'c', 'manual')");
                s.execute("insert into insights (user_id, type, title, content, evidence_ids, confidence)"
                        + " select user_id, 'strength', 't', 'd', array[id], 0.8 from evidence where user_id = '" + user
                        + "'");
                s.execute("insert into sync_jobs (user_id, source, status) values ('" + user
                        + "', 'gitlab', 'completed')");
            }
        }
    }

    @Test
    void userSeesOnlyOwnRowsWithoutAnyWhereClause() throws SQLException {
        try (Connection c = appConnection()) {
            actAs(c, alice);
            assertThat(userIds(c, "select user_id from evidence")).isNotEmpty().containsOnly(alice);
            assertThat(userIds(c, "select user_id from insights")).isNotEmpty().containsOnly(alice);
            assertThat(userIds(c, "select user_id from sync_jobs")).isNotEmpty().containsOnly(alice);
            assertThat(userIds(c, "select id from profiles")).containsExactly(alice);
            c.commit();
        }
    }

    @Test
    void withoutTheSettingNothingIsVisible() throws SQLException {
        try (Connection c = TestDatabase.connect(Role.APP)) {
            assertThat(userIds(c, "select user_id from evidence")).isEmpty();
            assertThat(userIds(c, "select user_id from insights")).isEmpty();
            assertThat(userIds(c, "select user_id from sync_jobs")).isEmpty();
            assertThat(userIds(c, "select id from profiles")).isEmpty();
        }
    }

    @Test
    void theSettingEndsWithTheTransaction() throws SQLException {
        try (Connection c = appConnection()) {
            actAs(c, alice);
            assertThat(userIds(c, "select user_id from evidence")).isNotEmpty();
            c.commit();
            assertThat(userIds(c, "select user_id from evidence")).isEmpty();
            c.commit();
        }
    }

    @Test
    void insertingARowOwnedBySomeoneElseIsRefused() throws SQLException {
        try (Connection c = appConnection()) {
            actAs(c, alice);
            assertThatThrownBy(() -> execute(
                            c,
                            "insert into evidence (user_id, title, content, source) values ('" + bob
                                    + "', 'x', 'y', 'manual')"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            c.rollback();
        }
    }

    @Test
    void updatesAndDeletesCannotReachSomeoneElsesRows() throws SQLException {
        try (Connection c = appConnection()) {
            actAs(c, alice);
            assertThat(update(c, "update evidence set title = 'hijacked' where user_id = '" + bob + "'"))
                    .isZero();
            assertThat(update(c, "delete from evidence where user_id = '" + bob + "'"))
                    .isZero();
            // Moving one's own row to another user is refused as well.
            assertThatThrownBy(() ->
                            update(c, "update evidence set user_id = '" + bob + "' where user_id = '" + alice + "'"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            c.rollback();
        }
        try (Connection c = TestDatabase.connect(Role.SERVICE)) {
            assertThat(userIds(c, "select user_id from evidence where user_id = '" + bob + "' and title <> 'hijacked'"))
                    .hasSize(1);
        }
    }

    @Test
    void ownEvidenceIsFullyWritable() throws SQLException {
        try (Connection c = appConnection()) {
            actAs(c, alice);
            execute(
                    c,
                    "insert into evidence (user_id, title, content, source) values ('" + alice
                            + "', 'mine', 'c', 'manual')");
            assertThat(update(c, "update evidence set title = 'still mine' where title = 'mine'"))
                    .isEqualTo(1);
            assertThat(update(c, "delete from evidence where title = 'still mine'"))
                    .isEqualTo(1);
            c.commit();
        }
    }

    @Test
    void insightsAndSyncJobsCannotBeWrittenByTheRequestRole() throws SQLException {
        List<String> writes = List.of(
                "insert into insights (user_id, type, title, content, evidence_ids, confidence) values ('" + alice
                        + "', 'trend', 't', 'd', array[gen_random_uuid()], 0.5)",
                "update insights set validated = true where user_id = '" + alice + "'",
                "delete from insights where user_id = '" + alice + "'",
                "insert into sync_jobs (user_id, source) values ('" + alice + "', 'jira')",
                "update sync_jobs set status = 'failed' where user_id = '" + alice + "'",
                "delete from sync_jobs where user_id = '" + alice + "'",
                "insert into processed_events (consumer, event_id) values ('x', gen_random_uuid())");
        for (String sql : writes) {
            try (Connection c = appConnection()) {
                actAs(c, alice);
                assertThatThrownBy(() -> execute(c, sql))
                        .as(sql)
                        .satisfies(e ->
                                assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
                c.rollback();
            }
        }
    }

    @Test
    void profileRoleCannotBeChangedByTheRequestRole() throws SQLException {
        try (Connection c = appConnection()) {
            actAs(c, alice);
            assertThat(update(c, "update profiles set full_name = 'Alice A.' where id = '" + alice + "'"))
                    .isEqualTo(1);
            assertThatThrownBy(() -> update(c, "update profiles set role = 'manager' where id = '" + alice + "'"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            c.rollback();
        }
    }

    @Test
    void outboxAcceptsOnlyEventsAboutTheActingUser() throws SQLException {
        String insert = "insert into outbox (event_id, user_id, topic, message_key, event_type, envelope) values"
                + " (gen_random_uuid(), '%s', 't', '%s', 'evidence.created', '{\"userId\": \"%s\"}')";
        try (Connection c = appConnection()) {
            actAs(c, alice);
            execute(c, insert.formatted(alice, alice, alice));
            for (String forged : List.of(
                    insert.formatted(bob, bob, bob),
                    // the row is alice's, but the envelope or the key would deliver it into bob's stream
                    insert.formatted(alice, alice, bob),
                    insert.formatted(alice, bob, alice))) {
                try (Statement s = c.createStatement()) {
                    s.execute("savepoint probe");
                }
                assertThatThrownBy(() -> execute(c, forged))
                        .satisfies(e ->
                                assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
                try (Statement s = c.createStatement()) {
                    s.execute("rollback to savepoint probe");
                }
            }
            c.rollback();
        }
    }

    @Test
    void theRequestRoleCannotCallEnsureProfile() throws SQLException {
        String subject = "dave-" + UUID.randomUUID();
        UUID id = TestDatabase.ensureProfile(subject);
        try (Connection c = TestDatabase.connect(Role.APP);
                PreparedStatement ps =
                        c.prepareStatement("select ensure_profile('test', ?, null, null, null, 'manager')")) {
            ps.setString(1, subject);
            // Neither a lookup of another identity's profile nor a promotion to manager.
            assertThatThrownBy(ps::executeQuery)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
        try (Connection c = TestDatabase.connect(Role.SERVICE);
                ResultSet rs = c.createStatement().executeQuery("select role from profiles where id = '" + id + "'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("individual");
        }
    }

    @Test
    void ensureProfileReturnsTheSameIdForTheSameIdentityAndFollowsTheTokenRole() throws SQLException {
        String subject = "carol-" + UUID.randomUUID();
        UUID first = TestDatabase.ensureProfile(subject);
        UUID again;
        try (Connection c = TestDatabase.connect(Role.SERVICE);
                PreparedStatement ps =
                        c.prepareStatement("select ensure_profile('test', ?, null, 'Carol', null, 'manager')")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                again = rs.getObject(1, UUID.class);
            }
        }
        assertThat(again).isEqualTo(first);
        try (Connection c = TestDatabase.connect(Role.SERVICE);
                ResultSet rs =
                        c.createStatement().executeQuery("select role from profiles where id = '" + first + "'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("manager");
        }
    }

    private static Connection appConnection() throws SQLException {
        Connection c = TestDatabase.connect(Role.APP);
        c.setAutoCommit(false);
        return c;
    }

    /** Exactly what {@link RlsSession} does. */
    private static void actAs(Connection c, UUID user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RlsSession.SET_USER_SQL.replace("$1", "?"))) {
            ps.setString(1, user.toString());
            ps.execute();
        }
    }

    private static List<UUID> userIds(Connection c, String sql) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getObject(1, UUID.class));
            }
        }
        return out;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }
}
