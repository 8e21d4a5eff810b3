package io.pulse.common.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * A W3C trace context as it travels outside a process: in an outbox row and in Kafka record headers. Always W3C
 * ({@code traceparent}, {@code tracestate}), whatever propagators the HTTP layer is configured with, because the
 * outbox stores exactly these two values.
 *
 * @param traceparent the {@code traceparent} value (version, trace id, parent span id, flags)
 * @param tracestate the {@code tracestate} value, or null when there is none
 */
public record TraceContext(String traceparent, String tracestate) {

    /** Header and column name of the trace parent. */
    public static final String TRACEPARENT = "traceparent";
    /** Header and column name of the vendor trace state. */
    public static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** The context of the current span, if there is a valid one (tracing may be disabled). */
    public static Optional<TraceContext> current() {
        return of(Context.current());
    }

    /** The given context's span, if it is valid. */
    public static Optional<TraceContext> of(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return Optional.empty();
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(context, carrier, Map::put);
        String parent = carrier.get(TRACEPARENT);
        if (parent == null) {
            return Optional.empty();
        }
        String state = carrier.get(TRACESTATE);
        return Optional.of(new TraceContext(parent, state == null || state.isEmpty() ? null : state));
    }

    /**
     * The remote parent described by the two values, on top of the root context; the root context itself when the
     * values are missing or malformed (a consumer then starts a trace of its own).
     */
    public static Context parentOf(String traceparent, String tracestate) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        Map<String, String> carrier = new HashMap<>(2);
        carrier.put(TRACEPARENT, traceparent);
        if (tracestate != null) {
            carrier.put(TRACESTATE, tracestate);
        }
        return W3C.extract(Context.root(), carrier, MAP_GETTER);
    }

    /** This context as a remote parent. */
    public Context asParent() {
        return parentOf(traceparent, tracestate);
    }

    /** The 32-hex-digit trace id. */
    public String traceId() {
        return Span.fromContext(asParent()).getSpanContext().getTraceId();
    }
}
