package io.pulse.common.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestDatabase.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Applies every migration to an empty database and checks the schema enforces the design's constraints. */
class MigrationTest {

    private static final String DB = TestDatabase.MIGRATIONS_SCRATCH;

    @BeforeAll
    static void emptyThenMigrate() throws SQLException {
        TestDatabase.empty(DB);
        TestDatabase.migrate(DB, 384);
    }

    @Test
    void createsTheDesignTablesAndTheOperationalOnes() throws SQLException {
        assertThat(query("select tablename from pg_tables where schemaname = 'public' order by 1"))
                .contains(
                        "profiles",
                        "evidence",
                        "insights",
                        "sync_jobs",
                        "source_connections",
                        "outbox",
                        "processed_events");
    }

    @Test
    void embeddingDimensionComesFromThePlaceholder() throws SQLException {
        assertThat(query("select format_type(atttypid, atttypmod) from pg_attribute"
                        + " where attrelid = 'evidence'::regclass and attname = 'embedding'"))
                .containsExactly("vector(384)");
    }

    @Test
    void everyUpdatableTableHasAnUpdatedAtTrigger() throws SQLException {
        List<String> withColumn = query("select table_name from information_schema.columns"
                + " where table_schema = 'public' and column_name = 'updated_at' order by 1");
        List<String> withTrigger = query("select distinct event_object_table from information_schema.triggers"
                + " where trigger_schema = 'public' and action_statement like '%set_updated_at%' order by 1");
        assertThat(withColumn).contains("profiles", "evidence", "insights", "sync_jobs");
        assertThat(withTrigger).containsExactlyElementsOf(withColumn);
    }

    @Test
    void everyTableHasRowLevelSecurity() throws SQLException {
        assertThat(query("select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity"
                        + " and relname <> 'flyway_schema_history'"))
                .isEmpty();
    }

    @Test
    void requestRoleIsNeitherOwnerNorBypassingRls() throws SQLException {
        assertThat(query("select rolname from pg_roles where rolname in ('" + Role.APP.user() + "', '"
                        + Role.SERVICE.user() + "') and (rolbypassrls or rolsuper)"))
                .isEmpty();
        assertThat(query("select tablename from pg_tables where schemaname = 'public' and tableowner in ('"
                        + Role.APP.user() + "', '" + Role.SERVICE.user() + "')"))
                .isEmpty();
    }

    @Test
    void updatedAtMovesOnUpdate() throws SQLException {
        try (Connection c = TestDatabase.connect(DB, Role.OWNER);
                Statement s = c.createStatement()) {
            UUID id = insertProfile(s, "individual");
            s.execute(
                    "update profiles set updated_at = now() - interval '1 day', created_at = now() - interval '1 day' where id = '"
                            + id + "'");
            s.execute("update profiles set full_name = 'Renamed' where id = '" + id + "'");
            try (ResultSet rs =
                    s.executeQuery("select updated_at > created_at from profiles where id = '" + id + "'")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // role outside (individual, manager)
                "insert into profiles (oidc_issuer, oidc_subject, role) values ('i', 'bad-role', 'admin')",
                // source outside (gitlab, jira, document, manual)
                "insert into evidence (user_id, title, content, source) values ($USER, 't', 'c', 'github')",
                // blank title
                "insert into evidence (user_id, title, content, source) values ($USER, '  ', 'c', 'manual')",
                // insight type outside the four kinds
                "insert into insights (user_id, type, title, content, evidence_ids, confidence)"
                        + " values ($USER, 'weakness', 't', 'd', array[gen_random_uuid()], 0.5)",
                // confidence above 1
                "insert into insights (user_id, type, title, content, evidence_ids, confidence)"
                        + " values ($USER, 'strength', 't', 'd', array[gen_random_uuid()], 1.5)",
                // confidence below 0
                "insert into insights (user_id, type, title, content, evidence_ids, confidence)"
                        + " values ($USER, 'strength', 't', 'd', array[gen_random_uuid()], -0.1)",
                // an insight must cite evidence
                "insert into insights (user_id, type, title, content, evidence_ids, confidence)"
                        + " values ($USER, 'strength', 't', 'd', '{}', 0.5)",
                // status outside (pending, running, completed, failed)
                "insert into sync_jobs (user_id, source, status) values ($USER, 'gitlab', 'done')",
                // sync source outside (gitlab, jira, manual)
                "insert into sync_jobs (user_id, source) values ($USER, 'github')",
                // negative counters
                "insert into sync_jobs (user_id, source, items_processed) values ($USER, 'jira', -1)",
                // wrong embedding dimension
                "insert into evidence (user_id, title, content, source, embedding, embedding_model)"
                        + " values ($USER, 't', 'c', 'manual', array_fill(0.1, array[3])::vector, 'm')",
                // jira connection with a gitlab auth type
                "insert into source_connections (user_id, source, auth_type, base_url, account_id, token_ciphertext,"
                        + " token_nonce, token_key_id) values ($USER, 'jira', 'gitlab_pat', 'https://x', '1', '\\x00', '\\x00', 'k')"
            })
    void constraintsRejectBadValues(String sql) throws SQLException {
        try (Connection c = TestDatabase.connect(DB, Role.OWNER);
                Statement s = c.createStatement()) {
            UUID user = insertProfile(s, "individual");
            assertThatThrownBy(() -> s.execute(sql.replace("$USER", "'" + user + "'")))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("23514", "23502", "22000"));
        }
    }

    @Test
    void oneActiveSyncJobPerUserAndSource() throws SQLException {
        try (Connection c = TestDatabase.connect(DB, Role.OWNER);
                Statement s = c.createStatement()) {
            UUID user = insertProfile(s, "individual");
            s.execute("insert into sync_jobs (user_id, source, status) values ('" + user + "', 'gitlab', 'running')");
            assertThatThrownBy(() ->
                            s.execute("insert into sync_jobs (user_id, source) values ('" + user + "', 'gitlab')"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
            s.execute("insert into sync_jobs (user_id, source) values ('" + user + "', 'jira')");
        }
    }

    @Test
    void ingestionKeyIsUniquePerUserSourceAndItem() throws SQLException {
        try (Connection c = TestDatabase.connect(DB, Role.OWNER);
                Statement s = c.createStatement()) {
            UUID user = insertProfile(s, "individual");
            String insert = "insert into evidence (user_id, title, content, source, source_id) values ('" + user
                    + "', 't', 'c', 'gitlab', 'mr:1')";
            s.execute(insert);
            assertThatThrownBy(() -> s.execute(insert))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
            // Manual evidence has no source id, so any number of items may coexist.
            s.execute("insert into evidence (user_id, title, content, source) values ('" + user
                    + "', 'a', 'c', 'manual')");
            s.execute("insert into evidence (user_id, title, content, source) values ('" + user
                    + "', 'b', 'c', 'manual')");
        }
    }

    @Test
    void migratingTwiceIsANoOp() {
        TestDatabase.migrate(DB, 384);
    }

    private static UUID insertProfile(Statement s, String role) throws SQLException {
        try (ResultSet rs = s.executeQuery("insert into profiles (oidc_issuer, oidc_subject, role) values ('test', '"
                + UUID.randomUUID() + "', '" + role + "') returning id")) {
            rs.next();
            return rs.getObject(1, UUID.class);
        }
    }

    private static List<String> query(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = TestDatabase.connect(DB, Role.OWNER);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
