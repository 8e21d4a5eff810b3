package io.pulse.sync.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * For {@code *IT} classes: lets the packaged service reach the simulated sources of {@link SourceServers} on this
 * machine's network address, over plain http, the way an operator allows a self-managed server on the internal
 * network ({@code pulse.sync.base-url.*}).
 */
public class PackagedSources implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "pulse.sync.base-url.allowed-cidrs",
                SourceServers.HOST + "/32",
                "pulse.sync.base-url.plain-http-hosts",
                SourceServers.HOST);
    }

    @Override
    public void stop() {}
}
