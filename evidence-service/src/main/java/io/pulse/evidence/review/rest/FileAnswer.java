package io.pulse.evidence.review.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.web.ApiException;
import io.pulse.common.web.Problem;
import io.pulse.common.web.ProblemMappers;
import io.pulse.evidence.packet.service.PacketExport;

/**
 * A generated file as a streamed answer: status, headers and body decided before the first byte, so that a failure
 * is still a problem+json answer with its status.
 */
public record FileAnswer(int status, Map<String, List<String>> headers, byte[] body) {

    private static final Logger LOG = Logger.getLogger(FileAnswer.class);

    public static FileAnswer of(PacketExport.File file) {
        return new FileAnswer(
                200,
                Map.of(
                        "Content-Type", List.of(file.mediaType()),
                        "Content-Disposition", List.of("attachment; filename=\"" + file.fileName() + "\""),
                        "Cache-Control", List.of("no-store")),
                file.bytes());
    }

    public static FileAnswer failed(Throwable failure, String path, ObjectMapper json) {
        int status = 500;
        String title = "Internal Server Error";
        String detail = "An unexpected error occurred";
        List<Problem.FieldError> errors = List.of();
        if (failure instanceof ApiException api) {
            status = api.status();
            title = api.title();
            detail = api.getMessage();
            errors = api.errors() == null ? List.of() : api.errors();
        } else {
            LOG.errorf(failure, "Export of %s failed", path);
        }
        Problem problem = new Problem(URI.create("about:blank"), title, status, detail, path, null, errors);
        try {
            return new FileAnswer(
                    status,
                    Map.of("Content-Type", List.of(ProblemMappers.PROBLEM_JSON)),
                    json.writeValueAsBytes(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem is always serialisable", e);
        }
    }
}
