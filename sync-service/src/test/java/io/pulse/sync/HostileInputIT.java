package io.pulse.sync;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HostileInputTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class HostileInputIT extends HostileInputTest {}
