package io.pulse.evidence.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * insight-service behind the proxy, simulated by WireMock; sync-service's base URL names a port nothing listens on,
 * as when that service is down.
 */
public class SimulatedServices implements QuarkusTestResourceLifecycleManager {

    static WireMockServer insight;

    @Override
    public Map<String, String> start() {
        insight =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        insight.start();
        return Map.of(
                "pulse.web.proxy.insight.url", "http://127.0.0.1:" + insight.port(),
                "pulse.web.proxy.sync.url", "http://127.0.0.1:" + closedPort());
    }

    @Override
    public void stop() {
        if (insight != null) {
            insight.stop();
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
