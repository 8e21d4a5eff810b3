package io.pulse.evidence.insightapi;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * insight-service's public API, as any client reaches it: with the caller's own bearer token, so insight-service
 * authenticates the caller and applies the caller's row-level security itself. Wrapped by {@link InsightClient}. (The
 * paths are on the methods: a class-level {@code @Path} marks a resource of this service, which must be
 * {@code @RolesAllowed}.)
 */
@Produces(MediaType.APPLICATION_JSON)
@RegisterRestClient(configKey = "insight-service")
interface InsightApi {

    @GET
    @Path("/api/v1/search")
    Uni<RemoteSearchResult> search(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("q") String query,
            @QueryParam("mode") String mode,
            @QueryParam("limit") int limit,
            @QueryParam("source") String source,
            @QueryParam("from") String from,
            @QueryParam("to") String to);

    @GET
    @Path("/api/v1/insights")
    Uni<RemoteInsightPage> insights(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("type") String type,
            @QueryParam("validated") Boolean validated,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") int limit);
}
