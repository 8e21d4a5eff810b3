package io.pulse.common.web;

import java.util.List;
import java.util.Locale;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one body limit of every service. Answers oversized bodies with 413 problem+json before anything reads them.
 * Bodies without Content-Length (chunked) are still capped by the transport limit
 * {@code quarkus.http.limits.max-body-size}, which Vert.x enforces itself.
 *
 * <p>{@code multipart/form-data} bodies (file uploads) are exempt: they are streamed to disk rather than held in
 * memory, and the service that accepts them enforces its own, larger limits (evidence-service:
 * {@code pulse.evidence.uploads.*}). A JSON endpoint never accepts multipart, so the exemption opens nothing there.
 */
public class BodySizeLimit {

    private final HttpConfig config;

    public BodySizeLimit(HttpConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null || isMultipart(request)) {
            return null;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return ProblemMappers.problem(
                    request, 400, "Bad Request", "Content-Length is not a number", null, List.of());
        }
        if (bytes > config.maxBodyBytes()) {
            return ProblemMappers.problem(
                    request,
                    413,
                    "Content Too Large",
                    "The request body is larger than " + config.maxBodyBytes() + " bytes",
                    null,
                    List.of());
        }
        return null;
    }

    private static boolean isMultipart(ContainerRequestContext request) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return type != null && type.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }
}
