package io.pulse.common.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a service under test at the real local stack, on the suite's own database and topics, trusting
 * {@link TestTokens} next to the local Keycloak (see {@link TestStackConfig}). A test run never writes the data a
 * person sees in run.sh's product.
 */
public class PulseTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestStackConfig.settings(TestTopics.PREFIX);
    }

    @Override
    public void stop() {}
}
