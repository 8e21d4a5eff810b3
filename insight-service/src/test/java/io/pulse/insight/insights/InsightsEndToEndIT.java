package io.pulse.insight.insights;

import io.pulse.insight.support.SameConsumerGroups;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link InsightsEndToEndTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
@WithTestResource(SameConsumerGroups.class)
class InsightsEndToEndIT extends InsightsEndToEndTest {}
