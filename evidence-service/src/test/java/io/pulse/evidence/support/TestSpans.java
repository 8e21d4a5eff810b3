package io.pulse.evidence.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.trace.SpanProcessor;
import io.pulse.common.testing.InMemorySpans;

/**
 * Registers {@link InMemorySpans} with the service under test (the OTLP exporter is disabled in the test profile:
 * tests export nothing over the network).
 */
public final class TestSpans {

    @Produces
    @Singleton
    SpanProcessor inMemory() {
        return InMemorySpans.processor();
    }
}
