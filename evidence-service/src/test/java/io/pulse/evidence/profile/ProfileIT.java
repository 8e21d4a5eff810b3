package io.pulse.evidence.profile;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ProfileTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class ProfileIT extends ProfileTest {}
