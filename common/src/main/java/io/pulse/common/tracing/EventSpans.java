package io.pulse.common.tracing;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.pulse.common.messaging.InboundEvent;
import io.smallrye.mutiny.Uni;

/**
 * Continues the trace an event arrived with: the one way a consumer runs its work "inside" the events it handles.
 *
 * <p>The span is a consumer span, a child of the first event's context; a batch that carries several traces links
 * the others (a batch is one transaction, so its writes, and the events they append to the outbox, can only belong
 * to one trace). The span is current from subscription until the work terminates, so the database spans of the work
 * and the trace context stored with the events it writes hang below it.
 */
@ApplicationScoped
public class EventSpans {

    private final Tracer tracer;

    public EventSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Runs the work under a {@code <channel> process} span continuing the events' trace. */
    public <T> Uni<T> process(String channel, List<InboundEvent> events, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Span span = start(channel, events);
            Scope scope = Context.current().with(span).makeCurrent();
            Uni<T> uni;
            try {
                uni = work.get();
            } catch (RuntimeException e) {
                end(span, scope, e);
                throw e;
            }
            return uni.onTermination().invoke((item, failure, cancelled) -> end(span, scope, failure));
        });
    }

    private Span start(String channel, List<InboundEvent> events) {
        SpanBuilder builder = tracer.spanBuilder(channel + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", channel)
                .setAttribute(SpanAttributes.ITEM_COUNT, (long) events.size());
        Context parent = events.stream()
                .filter(event -> event.trace() != null)
                .findFirst()
                .map(event -> event.trace().asParent())
                .orElse(Context.root());
        builder.setParent(parent);
        String parentTrace = Span.fromContext(parent).getSpanContext().getTraceId();
        for (InboundEvent event : events) {
            if (event.trace() != null) {
                var linked = Span.fromContext(event.trace().asParent()).getSpanContext();
                if (linked.isValid() && !linked.getTraceId().equals(parentTrace)) {
                    builder.addLink(linked);
                }
            }
        }
        Set<String> types =
                events.stream().map(event -> event.type().wireName()).collect(Collectors.toSet());
        if (types.size() == 1) {
            builder.setAttribute(SpanAttributes.EVENT_TYPE, types.iterator().next());
        }
        Set<UUID> users = events.stream().map(InboundEvent::userId).collect(Collectors.toSet());
        if (users.size() == 1) {
            builder.setAttribute(
                    SpanAttributes.USER_HASH,
                    SpanAttributes.userHash(users.iterator().next()));
        }
        if (events.size() == 1) {
            builder.setAttribute(
                    SpanAttributes.EVENT_ID, events.get(0).eventId().toString());
        }
        return builder.startSpan();
    }

    private static void end(Span span, Scope scope, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
        scope.close();
    }
}
