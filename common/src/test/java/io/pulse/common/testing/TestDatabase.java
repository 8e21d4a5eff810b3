package io.pulse.common.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;

/**
 * The real PostgreSQL of the local stack (deploy/local), addressed with the same environment variables and defaults
 * as the services. Tests connect as one of the three roles, exactly as production code does.
 */
public final class TestDatabase {

    /** The three database roles. */
    public enum Role {
        OWNER("PULSE_DB_OWNER_USER", "pulse_owner", "PULSE_DB_OWNER_PASSWORD", "pulse_owner_pw"),
        APP("PULSE_DB_APP_USER", "pulse_app", "PULSE_DB_APP_PASSWORD", "pulse_app_pw"),
        SERVICE("PULSE_DB_SERVICE_USER", "pulse_service", "PULSE_DB_SERVICE_PASSWORD", "pulse_service_pw");

        private final String userVar;
        private final String defaultUser;
        private final String passwordVar;
        private final String defaultPassword;

        Role(String userVar, String defaultUser, String passwordVar, String defaultPassword) {
            this.userVar = userVar;
            this.defaultUser = defaultUser;
            this.passwordVar = passwordVar;
            this.defaultPassword = defaultPassword;
        }

        public String user() {
            return env(userVar, defaultUser);
        }

        public String password() {
            return env(passwordVar, defaultPassword);
        }
    }

    /** The application database. */
    public static final String MAIN = env("PULSE_DB_TEST_NAME", "pulse_test");
    /** A second database, otherwise unused: migration tests empty and rebuild it. */
    public static final String MIGRATIONS_SCRATCH = env("PULSE_DB_SCRATCH_NAME", "pulse_test_migrations");
    /**
     * A third database, for the system tests' fault drills: they run a deployment of their own on it (with its own
     * broker), so nothing the drills break reaches the main one, and no migration test empties it under them.
     */
    public static final String DRILLS = env("PULSE_DB_DRILL_NAME", "pulse_test_drills");
    /**
     * A fourth, for the ingestion benchmark's deployment: emptied before each run, so the measurement starts from an
     * empty schema whatever other suites left (the re-embedding worker would heal their unembedded rows during it).
     */
    public static final String INGEST_BENCH = env("PULSE_DB_INGEST_BENCH_NAME", "pulse_bench_ingest");

    private TestDatabase() {}

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + env("PULSE_DB_HOST", "127.0.0.1") + ":" + env("PULSE_DB_PORT", "5432") + "/"
                + database;
    }

    public static Connection connect(String database, Role role) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), role.user(), role.password());
    }

    public static Connection connect(Role role) throws SQLException {
        return connect(MAIN, role);
    }

    /** The profile of an {@code individual} with this subject (issuer {@code test}), created as a request would. */
    public static UUID ensureProfile(String subject) throws SQLException {
        try (Connection c = connect(Role.SERVICE);
                PreparedStatement ps =
                        c.prepareStatement("select ensure_profile('test', ?, null, null, null, 'individual')")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    /**
     * Drops every table and function the owner role has in the database's public schema, leaving the schema itself
     * and the extensions a superuser created: an empty database for a migration to start from.
     */
    public static void empty(String database) throws SQLException {
        try (Connection c = connect(database, Role.OWNER);
                Statement s = c.createStatement()) {
            s.execute(DROP_EVERYTHING_OWNED);
        }
    }

    /** The Flyway placeholders the services use, with the default (384-dimension) embedding model. */
    public static Map<String, String> placeholders(int embeddingDimension) {
        return Map.of(
                "embedding_dimension", Integer.toString(embeddingDimension),
                "app_role", Role.APP.user(),
                "service_role", Role.SERVICE.user());
    }

    /** Applies the migrations from common to the database as the owner (idempotent). */
    public static void migrate(String database, int embeddingDimension) {
        Flyway.configure()
                .dataSource(jdbcUrl(database), Role.OWNER.user(), Role.OWNER.password())
                .locations("classpath:db/migration")
                .placeholders(placeholders(embeddingDimension))
                // Test databases outlive branches; a migration added in a lower version range must still apply.
                .outOfOrder(true)
                .load()
                .migrate();
    }

    /** Applies the migrations to the main database with the default embedding dimension. */
    public static void migrateMain() {
        migrate(MAIN, 384);
    }

    private static final String DROP_EVERYTHING_OWNED = """
            do $$
            declare r record;
            begin
                for r in select tablename from pg_tables where schemaname = 'public' and tableowner = current_user loop
                    execute format('drop table if exists public.%I cascade', r.tablename);
                end loop;
                for r in select p.oid::regprocedure as sig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                         where n.nspname = 'public' and p.proowner = (select oid from pg_roles where rolname = current_user) loop
                    execute format('drop function if exists %s cascade', r.sig);
                end loop;
            end $$""";

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
