package io.pulse.evidence.profile;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link KeycloakEndToEndTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class KeycloakEndToEndIT extends KeycloakEndToEndTest {}
