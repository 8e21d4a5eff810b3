package io.pulse.common.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Transport-level errors in the same problem+json shape as every other error. The HTTP codec answers a request line
 * or header block over its hard caps ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size})
 * with a bare status and no hook to change it, so the documented limits are enforced here, on the router, well
 * below those caps: a URI over {@code pulse.http.max-uri-length} is a 414, headers over
 * {@code pulse.http.max-header-bytes} a 431, a Content-Length over {@code quarkus.http.limits.max-body-size} a 413.
 * Failures raised by the router itself (a chunked body over the limit, an undecodable path, a route-level security
 * check that refused the token) are rendered here too; nothing reaches the default error page, which could name an
 * exception class.
 */
@Singleton
public class TransportProblems {

    private static final Logger LOG = Logger.getLogger(TransportProblems.class);
    /** Right after Quarkus' own first handlers (timing, access log), before any body is read or routed. */
    private static final int LIMITS_ORDER = Integer.MIN_VALUE + 2;

    private final HttpConfig config;
    private final long maxBodyBytes;
    private final ObjectMapper json;

    public TransportProblems(
            HttpConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            ObjectMapper json) {
        this.config = config;
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(LIMITS_ORDER).handler(this::limits);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    void limits(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.uri().length() > config.maxUriLength()) {
            send(context, 414, "The request URI is longer than " + config.maxUriLength() + " characters", true);
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            // As the codec counts them: name, ": ", value, CRLF.
            headerBytes += header.getKey().length() + header.getValue().length() + 4L;
        }
        if (headerBytes > config.maxHeaderBytes()) {
            send(context, 431, "The request headers are larger than " + config.maxHeaderBytes() + " bytes", true);
            return;
        }
        String length = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                send(context, 400, "Content-Length is not a number", true);
                return;
            }
            if (bytes > maxBodyBytes) {
                send(context, 413, "The request body is larger than " + maxBodyBytes + " bytes", true);
                return;
            }
        }
        context.next();
    }

    void failure(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        Throwable failure = context.failure();
        if (failure instanceof AuthenticationException || failure instanceof UnauthorizedException) {
            challenge(context);
            return;
        }
        if (failure instanceof ForbiddenException) {
            send(context, 403, detail(403), false);
            return;
        }
        int status = context.statusCode();
        if (status >= 400 && status < 500) {
            send(context, status, detail(status), status == 413);
            return;
        }
        LOG.errorf(
                failure,
                "Unhandled failure on %s %s (request %s)",
                context.request().method(),
                context.request().path(),
                requestId(context.request()));
        send(context, 500, "An unexpected error occurred", false);
    }

    /**
     * A request that a route-level security check (an HTTP permission, such as the MCP endpoint's) could not
     * authenticate, for example a forged or expired token: the 401 with the challenge of the request's authentication
     * mechanism ({@code WWW-Authenticate}, with {@code resource_metadata} where protected resource metadata is on), as
     * Quarkus' own handler would send it, but in the problem shape. Without this, the failure would be a 500.
     */
    private void challenge(RoutingContext context) {
        if (!context.request().isEnded()) {
            // The challenge does not read the body; drain it so the connection can serve the next request.
            context.request().resume();
        }
        HttpAuthenticator authenticator = context.get(HttpAuthenticator.class.getName());
        if (authenticator == null) {
            send(context, 401, detail(401), false);
            return;
        }
        authenticator
                .getChallenge(context)
                .subscribe()
                .with(
                        challenge -> {
                            challenge
                                    .getHeaders()
                                    .forEach((name, value) -> context.response().putHeader(name, value));
                            send(context, 401, detail(401), false);
                        },
                        failure -> send(context, 401, detail(401), false));
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request could not be parsed";
            case 401 -> "A valid bearer token is required";
            case 403 -> "The token does not grant access to this resource";
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            case 413 -> "The request body is too large";
            case 414 -> "The request URI is too long";
            case 415 -> "Unsupported content type";
            case 431 -> "The request headers are too large";
            default -> "The request could not be processed";
        };
    }

    private void send(RoutingContext context, int status, String detail, boolean close) {
        HttpResponseStatus reason = HttpResponseStatus.valueOf(status);
        // The path is not echoed: at this level it may be the oversized or undecodable part of the request.
        Problem problem = new Problem(
                URI.create("about:blank"),
                reason.reasonPhrase(),
                status,
                detail,
                null,
                requestId(context.request()),
                List.of());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var response = context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaderNames.CONTENT_TYPE, ProblemMappers.PROBLEM_JSON)
                .putHeader(RequestIds.HEADER, problem.requestId());
        if (close) {
            // The unread body (or the rest of an oversized request) must not be taken for the next request.
            response.putHeader(HttpHeaderNames.CONNECTION, "close");
        }
        response.end(body);
    }

    private static String requestId(HttpServerRequest request) {
        return RequestIds.sanitize(request.getHeader(RequestIds.HEADER));
    }
}
