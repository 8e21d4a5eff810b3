package io.pulse.system;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * A transparent proxy in front of one packaged service that records every exchange, so a test can drive a generated
 * client as an integrator would (no hooks in the client) and check afterwards what went over the wire.
 */
final class RecordingProxy implements AutoCloseable {

    private final WireMockServer server;

    RecordingProxy(URI target) {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(target.toString())));
    }

    /** Where the client sends its requests. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Every exchange so far, oldest first. */
    List<ServeEvent> exchanges() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        java.util.Collections.reverse(events);
        return events;
    }

    @Override
    public void close() {
        server.stop();
    }
}
