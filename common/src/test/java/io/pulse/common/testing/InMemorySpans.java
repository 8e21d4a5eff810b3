package io.pulse.common.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The spans a service under test ends, kept in memory ({@link InMemorySpanExporter}) for the tracing tests. Each
 * service's test tree registers {@link #processor()} as a CDI bean (Quarkus adds every {@code SpanProcessor} bean to
 * its tracer provider). A whole module's suite runs in one JVM and ends many thousands of spans, so the store is
 * emptied when it grows past {@value #LIMIT}: a tracing test reads its spans right after its own requests.
 */
public final class InMemorySpans {

    static final int LIMIT = 20_000;

    private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
    private static final AtomicInteger STORED = new AtomicInteger();

    private InMemorySpans() {}

    /** The spans ended so far (since the last trim). */
    public static List<SpanData> all() {
        return EXPORTER.getFinishedSpanItems();
    }

    /** The spans of one trace ended so far. */
    public static List<SpanData> trace(String traceId) {
        return all().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    /** A processor that exports every ended span, synchronously, to the store. */
    public static SpanProcessor processor() {
        return new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {}

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                if (STORED.incrementAndGet() > LIMIT) {
                    STORED.set(0);
                    EXPORTER.reset();
                }
                EXPORTER.export(List.of(span.toSpanData()));
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        };
    }
}
