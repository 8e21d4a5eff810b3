package io.pulse.evidence.export;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ExportTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class ExportIT extends ExportTest {}
