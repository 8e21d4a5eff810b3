package io.pulse.evidence.mcp.server;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Keeps the MCP extension's own request timers out of the metrics. quarkus-mcp-server 1.13.0 registers them whenever
 * Micrometer is present (its {@code quarkus.mcp.server.metrics.enabled} is read nowhere), labelled with the tool name
 * the client sent and the resource URI it read: one series per evidence id read, and any number for made-up tool
 * names. {@link McpCalls} counts every call in {@code pulse_mcp_calls_total} with bounded labels instead.
 */
public class McpMeterFilter {

    static final String EXTENSION_REQUESTS = "mcp.server.requests";

    @Produces
    @Singleton
    MeterFilter withoutTheExtensionsRequestTimers() {
        return MeterFilter.denyNameStartsWith(EXTENSION_REQUESTS);
    }
}
