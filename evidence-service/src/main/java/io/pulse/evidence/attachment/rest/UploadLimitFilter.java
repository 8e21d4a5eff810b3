package io.pulse.evidence.attachment.rest;

import java.util.List;
import java.util.Locale;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.pulse.common.web.ProblemMappers;
import io.pulse.evidence.config.EvidenceConfig;

/**
 * The request-size side of uploads in this service. The shared JSON limit ({@code pulse.http.max-body-bytes}) leaves
 * multipart bodies to this filter, which answers one larger than {@code pulse.evidence.uploads.max-request-bytes}
 * (by Content-Length) with 413 problem+json before it is read.
 *
 * <p>Uploads raise this service's transport cap ({@code quarkus.http.limits.max-body-size}) to the upload limit; that
 * cap is also the only bound of a body sent without Content-Length. So that a JSON body can never be larger than the
 * JSON limit, a non-multipart body without Content-Length (chunked transfer) is refused with 411 Length Required.
 */
public class UploadLimitFilter {

    private final EvidenceConfig.Uploads limits;

    public UploadLimitFilter(EvidenceConfig config) {
        this.limits = config.uploads();
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        boolean multipart =
                type != null && type.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            if (!multipart && request.getHeaderString("Transfer-Encoding") != null) {
                return ProblemMappers.problem(
                        request,
                        411,
                        "Length Required",
                        "Send JSON bodies with Content-Length; only file uploads may be streamed",
                        null,
                        List.of());
            }
            return null;
        }
        if (multipart) {
            try {
                if (Long.parseLong(length.strip()) > limits.maxRequestBytes()) {
                    return ProblemMappers.problem(
                            request,
                            413,
                            "Content Too Large",
                            "The upload is larger than " + limits.maxRequestBytes() + " bytes",
                            null,
                            List.of());
                }
            } catch (NumberFormatException e) {
                return ProblemMappers.problem(
                        request, 400, "Bad Request", "Content-Length is not a number", null, List.of());
            }
        }
        return null;
    }
}
