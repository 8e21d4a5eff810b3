package io.pulse.insight;

import io.pulse.insight.support.SameConsumerGroups;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HostileInputTest} against the packaged service (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
@WithTestResource(SameConsumerGroups.class)
class HostileInputIT extends HostileInputTest {}
