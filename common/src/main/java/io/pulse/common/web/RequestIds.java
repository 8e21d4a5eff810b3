package io.pulse.common.web;

import java.util.UUID;
import java.util.regex.Pattern;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, else a new one. The id is
 * in the log MDC ({@code requestId}), echoed in the response header and in problem bodies.
 */
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final String PROPERTY = "pulse.request-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        String id = sanitize(request.getHeaderString(HEADER));
        request.setProperty(PROPERTY, id);
        MDC.put(MDC_KEY, id);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }

    /** The caller's id when it is a sane token, else a new one. */
    static String sanitize(String given) {
        return given != null && SAFE.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
    }

    /** The id of the request, or null outside one. */
    static String of(ContainerRequestContext request) {
        Object id = request == null ? null : request.getProperty(PROPERTY);
        return id == null ? null : id.toString();
    }
}
