package io.pulse.insight.search;

import io.pulse.insight.support.SameConsumerGroups;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SearchEndToEndTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
@WithTestResource(SameConsumerGroups.class)
class SearchEndToEndIT extends SearchEndToEndTest {}
