package io.pulse.evidence.evidence;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link EvidenceApiTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class EvidenceApiIT extends EvidenceApiTest {}
