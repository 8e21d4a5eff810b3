package io.pulse.insight.insights.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.common.web.HttpConfig;
import io.pulse.common.web.Page;
import io.pulse.common.web.PageRequest;
import io.pulse.common.web.PathIds;
import io.pulse.insight.insights.api.GenerationRequestView;
import io.pulse.insight.insights.service.GenerationRequestService;
import io.smallrye.mutiny.Uni;

/** The caller's insight generation requests and their outcome. */
@Path(GenerationRequestResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Tag(name = "Insights", description = "Insights generated from the caller's evidence, and the caller's review of them")
public class GenerationRequestResource {

    static final String PATH = "/api/v1/insights/generation-requests";

    private final GenerationRequestService requests;
    private final RequestUser user;
    private final HttpConfig http;

    public GenerationRequestResource(GenerationRequestService requests, RequestUser user, HttpConfig http) {
        this.requests = requests;
        this.user = user;
        this.http = http;
    }

    @GET
    @Operation(
            operationId = "listGenerationRequests",
            summary = "Your insight generation requests and their outcome, newest first",
            description = "Requests you made (trigger api) and the regenerations of your rolling window after new"
                    + " evidence (trigger enrichment)")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor (listed in errors)")
    public Uni<Page<GenerationRequestView>> list(
            @Parameter(description = "Page size, 1-100, default 20", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.fromQuery(limit, cursor, http.paging());
        return requests.list(user.get().id(), page);
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getGenerationRequest",
            summary = "One of your insight generation requests: pending, completed (perhaps by the fallback) or"
                    + " failed")
    @APIResponse(responseCode = "200", description = "The request and its outcome")
    @APIResponse(responseCode = "404", description = "No such request for the caller (also for other users' requests)")
    public Uni<GenerationRequestView> get(@PathParam("id") String id) {
        return requests.get(user.get().id(), PathIds.parse(id, "Generation request"));
    }
}
