package io.pulse.common.testing;

import java.util.HashMap;
import java.util.Map;

import io.pulse.common.events.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a service under test at the real local stack and makes it trust {@link TestTokens} next to the local
 * Keycloak, on the suite's own database and topics: tokens are routed to the OIDC tenant whose issuer they carry, so one boot serves both signed test tokens
 * and real Keycloak tokens. Migrations are applied at start (Flyway's lock makes concurrent boots safe).
 */
public class PulseTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.resolve-tenants-with-issuer", "true");
        config.put("quarkus.oidc.test-issuer.application-type", "service");
        config.put("quarkus.oidc.test-issuer.discovery-enabled", "false");
        config.put("quarkus.oidc.test-issuer.public-key", TestTokens.publicKeyBase64());
        config.put("quarkus.oidc.test-issuer.token.issuer", TestTokens.ISSUER);
        config.put("quarkus.oidc.test-issuer.token.audience", TestTokens.AUDIENCE);
        config.put("quarkus.flyway.migrations.migrate-at-start", "true");
        // The suite's own database and topics: a test run never writes the data a person sees in run.sh's product.
        String host = System.getenv().getOrDefault("PULSE_DB_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("PULSE_DB_PORT", "5432");
        String reactiveUrl = "postgresql://" + host + ":" + port + "/" + TestDatabase.MAIN;
        config.put("quarkus.datasource.reactive.url", reactiveUrl);
        config.put("quarkus.datasource.service.reactive.url", reactiveUrl);
        config.put("quarkus.datasource.migrations.jdbc.url", TestDatabase.jdbcUrl(TestDatabase.MAIN));
        config.put(Topics.PREFIX_PROPERTY, TestTopics.PREFIX);
        // Long-lived local test databases may have seen migrations of a higher version range first.
        config.put("quarkus.flyway.migrations.out-of-order", "true");
        return config;
    }

    @Override
    public void stop() {}
}
