package io.pulse.sync.testing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * Every span the service under test ends, in memory (tests export nothing over the network: the OTLP exporter is
 * disabled in the test profile). Quarkus adds each {@link SpanProcessor} bean to its tracer provider.
 */
public final class TestSpans {

    /** The spans ended so far in this test JVM. */
    public static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

    @Produces
    @Singleton
    SpanProcessor inMemory() {
        return SimpleSpanProcessor.create(EXPORTER);
    }
}
