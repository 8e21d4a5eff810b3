package io.pulse.evidence.stream;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link StreamTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class StreamIT extends StreamTest {}
