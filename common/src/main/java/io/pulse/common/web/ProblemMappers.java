package io.pulse.common.web;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one RFC 9457 error mapping for every service: each failure becomes {@code application/problem+json} with the
 * right status. Validation problems list their fields. Nothing here ever puts a class name, SQL or stack trace in a
 * response; unexpected failures are logged with the request id and answered with a generic 500.
 */
public class ProblemMappers {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, ContainerRequestContext request) {
        return problem(request, e.status(), e.title(), e.getMessage(), e.problemType(), e.errors());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, ContainerRequestContext request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return problem(request, 422, "Validation failed", "The request has invalid fields", null, errors);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, ContainerRequestContext request) {
        if (e instanceof UnrecognizedPropertyException u) {
            return problem(
                    request,
                    422,
                    "Validation failed",
                    "Unknown or read-only field",
                    null,
                    List.of(new Problem.FieldError(path(u), "is not a field of this request or cannot be set")));
        }
        if (e instanceof UnsafeTextException unsafe) {
            String field = path(unsafe);
            return invalidField(request, field.isEmpty() ? "body" : field, unsafe.reason());
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            JsonMappingException m = (JsonMappingException) e;
            String field = path(m);
            if (!field.isEmpty()) {
                String expected = m instanceof InvalidFormatException f
                                && f.getTargetType() != null
                                && f.getTargetType().isEnum()
                        ? "must be one of "
                                + List.of(f.getTargetType().getEnumConstants()).stream()
                                        .map(Object::toString)
                                        .map(String::toLowerCase)
                                        .collect(Collectors.joining(", "))
                        : "has the wrong type or format";
                return invalidField(request, field, expected);
            }
        }
        return problem(
                request,
                400,
                "Malformed JSON",
                "The request body is not valid JSON for this operation",
                null,
                List.of());
    }

    /**
     * Quarkus REST ships its own mapper for exactly {@link MismatchedInputException} (the parent of unknown-field,
     * wrong-type and bad-format errors), which answers a non-problem body; this one, for the same type, takes its
     * place.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mismatchedInput(MismatchedInputException e, ContainerRequestContext request) {
        return json(e, request);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, ContainerRequestContext request) {
        Response r = problem(request, 401, "Unauthorized", "A valid bearer token is required", null, List.of());
        return Response.fromResponse(r)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ContainerRequestContext request) {
        return problem(request, 403, "Forbidden", "Your role does not allow this operation", null, List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "Error";
        String detail = switch (status) {
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            case 406 -> "No acceptable representation";
            case 413 -> "The request is too large";
            case 415 -> "Unsupported content type";
            default -> "The request could not be processed";
        };
        return problem(request, status, title, detail, null, List.of());
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, ContainerRequestContext request) {
        LOG.errorf(
                e,
                "Unhandled failure on %s %s (request %s)",
                request.getMethod(),
                request.getUriInfo().getPath(),
                RequestIds.of(request));
        return problem(request, 500, "Internal Server Error", "An unexpected error occurred", null, List.of());
    }

    /** Builds a problem response; also for services that answer problems outside an exception (e.g. 412). */
    public static Response problem(
            ContainerRequestContext request,
            int status,
            String title,
            String detail,
            String type,
            List<Problem.FieldError> errors) {
        Problem body = new Problem(
                type == null ? URI.create("about:blank") : URI.create(type),
                title,
                status,
                detail,
                request == null ? null : request.getUriInfo().getRequestUri().getRawPath(),
                RequestIds.of(request),
                errors);
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }

    private static Response invalidField(ContainerRequestContext request, String field, String message) {
        return problem(
                request,
                422,
                "Validation failed",
                "The request has invalid fields",
                null,
                List.of(new Problem.FieldError(field, message)));
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        // Skip the method and parameter nodes of a resource method: callers know fields, not Java signatures.
        StringBuilder out = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD
                    || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getIndex() != null && out.length() > 0 && node.getName() == null) {
                out.append('[').append(node.getIndex()).append(']');
                continue;
            }
            if (node.getName() == null || node.getName().startsWith("<")) {
                if (node.getIndex() != null) {
                    out.append('[').append(node.getIndex()).append(']');
                }
                continue;
            }
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(node.getName());
            if (node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "body" : out.toString();
    }
}
