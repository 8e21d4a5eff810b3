package io.pulse.sync.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.pulse.common.testing.NetworkAddress;

/**
 * Where simulated GitLab and Jira servers listen. A component test's service runs in the test launch mode, which may
 * call loopback; the packaged service of an {@code *IT} (failsafe sets {@code pulse.test.packaged}) refuses loopback
 * source URLs by design, so there they listen on this machine's network address, which {@link PackagedSources}
 * allows.
 */
public final class SourceServers {

    /** The address simulated sources bind to and appear under in source URLs. */
    public static final String HOST =
            Boolean.getBoolean("pulse.test.packaged") ? NetworkAddress.firstNonLoopbackIpv4() : "127.0.0.1";

    private SourceServers() {}

    /** A started WireMock server on {@link #HOST}, on a free port. */
    public static WireMockServer start() {
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress(HOST));
        server.start();
        return server;
    }

    /** The base URL of a server started by {@link #start()}. */
    public static String baseUrl(WireMockServer server) {
        return "http://" + HOST + ":" + server.port();
    }
}
