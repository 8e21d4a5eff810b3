package io.pulse.common.tracing;

import java.net.URI;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;

/**
 * Client spans for the outbound calls Quarkus does not instrument: GitLab, Jira and LLM endpoints are called with
 * the JDK HTTP client. A span names the method, the server and the path only: never the query (it can hold search
 * terms), never a header (the token or key travels in one), never a body.
 */
public final class ClientSpans {

    private ClientSpans() {}

    /**
     * Starts a client span for one HTTP attempt, a child of the current context; the caller ends it with
     * {@link #end}. {@code peer} is a bounded name of the remote system, e.g. {@code gitlab} or {@code llm.chat}.
     */
    public static Span start(String peer, String method, URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        return tracer().spanBuilder(method + " " + peer)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", method)
                .setAttribute("server.address", uri.getHost() == null ? "" : uri.getHost())
                .setAttribute("server.port", (long) port)
                .setAttribute("url.path", uri.getRawPath() == null ? "" : uri.getRawPath())
                .setAttribute("pulse.peer", peer)
                .startSpan();
    }

    /** Ends the span with the response status (0: no response, the failure's class is the error type). */
    public static void end(Span span, int status, Throwable failure) {
        if (status > 0) {
            span.setAttribute("http.response.status_code", (long) status);
        }
        if (failure != null) {
            span.setAttribute("error.type", failure.getClass().getSimpleName());
            span.setStatus(StatusCode.ERROR);
        } else if (status >= 400 || status == 0) {
            span.setAttribute("error.type", Integer.toString(status));
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    private static Tracer tracer() {
        ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            return TracerProvider.noop().get("io.pulse");
        }
        return container.instance(Tracer.class).get();
    }
}
