package io.pulse.evidence.review;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ReviewPacketTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class ReviewPacketIT extends ReviewPacketTest {}
