package io.pulse.evidence.attachment;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link UploadTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class UploadIT extends UploadTest {}
