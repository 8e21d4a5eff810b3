package io.pulse.common.web;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The HTTP convention every service shares: request limits and list paging. */
@ConfigMapping(prefix = "pulse.http")
public interface HttpConfig {

    /**
     * Largest accepted JSON request body, in bytes, checked against Content-Length before the body is read (413
     * problem+json). Chunked bodies are capped by the transport limit {@code quarkus.http.limits.max-body-size}.
     */
    @WithDefault("262144")
    long maxBodyBytes();

    /**
     * Longest accepted request URI (path and query), in characters; longer is a 414 problem+json. The transport's
     * hard cap {@code quarkus.http.limits.max-initial-line-length} lies above it.
     */
    @WithDefault("4096")
    int maxUriLength();

    /**
     * Largest accepted header block, in bytes; larger is a 431 problem+json. The transport's hard cap
     * {@code quarkus.http.limits.max-header-size} lies above it.
     */
    @WithDefault("20480")
    int maxHeaderBytes();

    /** List paging. */
    Paging paging();

    /**
     * Absolute base URL under which clients reach this service (e.g. behind a gateway); listed as a server in its
     * OpenAPI document next to the relative {@code /} ({@link ProblemResponsesFilter}).
     */
    Optional<String> publicUrl();

    /** List paging: {@code limit} and {@code cursor} on every list endpoint. */
    interface Paging {
        /** Page size when the caller does not ask for one. */
        @WithDefault("20")
        int defaultLimit();

        /** Largest page size a caller may ask for. */
        @WithDefault("100")
        int maxLimit();
    }
}
