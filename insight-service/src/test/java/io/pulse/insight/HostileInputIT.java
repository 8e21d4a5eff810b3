package io.pulse.insight;

import io.pulse.insight.embedding.SimulatedEmbeddingEndpoint;
import io.pulse.insight.support.SameConsumerGroups;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HostileInputTest} against the packaged service (the native executable with {@code -Dnative}), embedding
 * with an OpenAI-compatible endpoint: the in-process model does not run natively. */
@QuarkusIntegrationTest
@WithTestResource(SameConsumerGroups.class)
@WithTestResource(SimulatedEmbeddingEndpoint.class)
class HostileInputIT extends HostileInputTest {}
