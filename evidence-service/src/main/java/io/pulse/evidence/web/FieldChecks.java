package io.pulse.evidence.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.pulse.common.web.ApiException;
import io.pulse.common.web.Problem;

/** Collects field errors of one request and fails with a single 422 problem listing all of them. */
public final class FieldChecks {

    private final List<Problem.FieldError> errors = new ArrayList<>();

    public FieldChecks error(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
        return this;
    }

    /** Text that, when present, is not blank and at most {@code max} characters long. */
    public FieldChecks text(String field, String value, int max) {
        if (value != null) {
            if (value.isBlank()) {
                error(field, "must not be blank");
            } else if (value.length() > max) {
                error(field, "must be at most " + max + " characters");
            }
        }
        return this;
    }

    /** An absolute http(s) URL of at most {@code max} characters, when present. */
    public FieldChecks httpUrl(String field, String value, int max) {
        if (value == null) {
            return this;
        }
        if (value.length() > max) {
            return error(field, "must be at most " + max + " characters");
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                error(field, "must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            error(field, "must be an absolute http or https URL");
        }
        return this;
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** Throws a 422 problem listing every error, if there is any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The request has invalid fields", errors);
        }
    }
}
