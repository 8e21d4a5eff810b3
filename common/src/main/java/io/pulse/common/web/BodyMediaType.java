package io.pulse.common.web;

import java.util.List;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request that carries a body must say what it is: without {@code Content-Type}, the REST layer would guess and
 * parse it as the operation's media type. Answered with 415 problem+json before anything reads the body.
 */
public class BodyMediaType {

    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 20)
    public Response check(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.CONTENT_TYPE) != null || !hasBody(request)) {
            return null;
        }
        return ProblemMappers.problem(
                request,
                415,
                "Unsupported Media Type",
                "A request body needs a Content-Type (application/json)",
                null,
                List.of());
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.strip().equals("0");
        }
        return request.getHeaderString("Transfer-Encoding") != null;
    }
}
