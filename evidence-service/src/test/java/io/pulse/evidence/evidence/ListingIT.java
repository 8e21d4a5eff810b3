package io.pulse.evidence.evidence;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ListingTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class ListingIT extends ListingTest {}
