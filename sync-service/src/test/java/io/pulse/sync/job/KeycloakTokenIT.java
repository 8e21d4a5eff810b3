package io.pulse.sync.job;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link KeycloakTokenTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class KeycloakTokenIT extends KeycloakTokenTest {}
