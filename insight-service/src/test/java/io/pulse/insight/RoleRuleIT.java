package io.pulse.insight;

import io.pulse.insight.embedding.SimulatedEmbeddingEndpoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link RoleRuleTest} against the packaged service (the native executable with {@code -Dnative}), embedding
 * with an OpenAI-compatible endpoint: the in-process model does not run natively. */
@QuarkusIntegrationTest
@WithTestResource(SimulatedEmbeddingEndpoint.class)
class RoleRuleIT extends RoleRuleTest {}
