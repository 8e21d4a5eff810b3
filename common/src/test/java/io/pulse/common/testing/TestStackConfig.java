package io.pulse.common.testing;

import java.util.HashMap;
import java.util.Map;

import io.pulse.common.events.Topics;

/**
 * The configuration that points a service at the test suite's side of the local stack: its own database, its own
 * topics, and an OIDC tenant that trusts {@link TestTokens} next to the local Keycloak (tokens are routed to the
 * tenant whose issuer they carry). Used for services booted by {@code @QuarkusTest} ({@link PulseTestResource}) and
 * for the packaged services the system tests start as processes.
 */
public final class TestStackConfig {

    private TestStackConfig() {}

    /** The settings, with the given physical topic prefix. */
    public static Map<String, String> settings(String topicPrefix) {
        return settings(topicPrefix, TestDatabase.MAIN);
    }

    /** The settings, with the given physical topic prefix, on another test database of the local stack. */
    public static Map<String, String> settings(String topicPrefix, String database) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.resolve-tenants-with-issuer", "true");
        config.put("quarkus.oidc.test-issuer.application-type", "service");
        config.put("quarkus.oidc.test-issuer.discovery-enabled", "false");
        config.put("quarkus.oidc.test-issuer.public-key", TestTokens.publicKeyBase64());
        config.put("quarkus.oidc.test-issuer.token.issuer", TestTokens.ISSUER);
        config.put("quarkus.oidc.test-issuer.token.audience", TestTokens.AUDIENCE);
        // Flyway's lock makes concurrent boots safe.
        config.put("quarkus.flyway.migrations.migrate-at-start", "true");
        String host = System.getenv().getOrDefault("PULSE_DB_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("PULSE_DB_PORT", "5432");
        String reactiveUrl = "postgresql://" + host + ":" + port + "/" + database;
        config.put("quarkus.datasource.reactive.url", reactiveUrl);
        config.put("quarkus.datasource.service.reactive.url", reactiveUrl);
        config.put("quarkus.datasource.migrations.jdbc.url", TestDatabase.jdbcUrl(database));
        config.put(Topics.PREFIX_PROPERTY, topicPrefix);
        return config;
    }
}
