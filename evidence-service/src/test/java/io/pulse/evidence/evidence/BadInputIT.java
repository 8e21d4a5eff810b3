package io.pulse.evidence.evidence;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link BadInputTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class BadInputIT extends BadInputTest {}
