package io.pulse.common.web;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}).
 *
 * @param type a URI naming the kind of problem ({@code about:blank} when the status says it all)
 * @param title short, human-readable summary of the kind of problem
 * @param status the HTTP status code
 * @param detail explanation specific to this occurrence; never a class name or stack trace
 * @param instance the request path
 * @param requestId correlates with the service logs
 * @param errors field-level details for validation problems
 */
// Written by Jackson from exception mappers and transport hooks, outside the REST signatures Quarkus registers for
// reflection by itself: registered here so native executables keep it.
@RegisterForReflection(registerFullHierarchy = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Problem(
        URI type, String title, int status, String detail, String instance, String requestId, List<FieldError> errors) {

    /** One invalid field: a JSON-pointer-like path ({@code tags[3]}, {@code title}) and what is wrong with it. */
    public record FieldError(String field, String message) {}
}
