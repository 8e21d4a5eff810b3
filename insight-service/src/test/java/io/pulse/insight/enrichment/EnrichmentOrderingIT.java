package io.pulse.insight.enrichment;

import io.pulse.insight.support.SameConsumerGroups;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link EnrichmentOrderingTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
@WithTestResource(SameConsumerGroups.class)
class EnrichmentOrderingIT extends EnrichmentOrderingTest {}
