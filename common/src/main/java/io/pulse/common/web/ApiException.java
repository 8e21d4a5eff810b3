package io.pulse.common.web;

import java.util.List;

/**
 * A client-visible failure with its HTTP status, mapped to {@code application/problem+json}. Services throw it (or
 * fail a Uni with it) for conditions the caller can act on; anything else becomes a generic 500.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final String problemType;
    private final transient List<Problem.FieldError> errors;

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, null, List.of());
    }

    public ApiException(int status, String title, String detail, String problemType, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.problemType = problemType;
        this.errors = List.copyOf(errors);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "Not Found", what + " was not found");
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad Request", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail);
    }

    public static ApiException invalid(String detail, List<Problem.FieldError> errors) {
        return new ApiException(422, "Validation failed", detail, null, errors);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Problem type URI, or null for {@code about:blank}. */
    public String problemType() {
        return problemType;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
