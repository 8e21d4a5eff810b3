package io.pulse.sync.job.rest;

import java.net.URI;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.HttpConfig;
import io.pulse.common.web.Page;
import io.pulse.common.web.PageRequest;
import io.pulse.sync.job.service.SyncJobService;
import io.smallrye.mutiny.Uni;

/** The caller's sync jobs. */
@Path("/api/v1/sync-jobs")
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sync jobs", description = "Runs that read the caller's work from a connected source")
public class SyncJobResource {

    private final SyncJobService service;
    private final RequestUser caller;
    private final HttpConfig http;

    public SyncJobResource(SyncJobService service, RequestUser caller, HttpConfig http) {
        this.service = service;
        this.caller = caller;
        this.http = http;
    }

    /**
     * Creates a pending job (202 with the job) and publishes the request; 409 problem naming the active job when one
     * is already pending or running for the source; 422 without a connection for it.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "requestSync", summary = "Start a sync of a connected source")
    @APIResponse(
            responseCode = "202",
            description = "Accepted: the pending job; Location points at it",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = SyncJobResponse.class)))
    @APIResponse(
            responseCode = "409",
            description = "A job for this source is already pending or running (named in detail)")
    @APIResponse(
            responseCode = "422",
            description = "Invalid fields, or no connection for the source (listed in errors)")
    public Uni<Response> request(@RequestBody(required = true) SyncJobRequest body) {
        if (body == null) {
            return Uni.createFrom().failure(ApiException.badRequest("a JSON body is required"));
        }
        return service.request(caller.get().id(), body.source(), body.since())
                .map(job -> Response.accepted(SyncJobResponse.of(job))
                        .location(URI.create("/api/v1/sync-jobs/" + job.id()))
                        .build());
    }

    @GET
    @Operation(operationId = "listSyncJobs", summary = "The caller's sync jobs, newest first")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor (listed in errors)")
    public Uni<Page<SyncJobResponse>> list(
            @Parameter(description = "Page size, 1-100, default 20", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.fromQuery(limit, cursor, http.paging());
        return service.list(caller.get().id(), page)
                .map(slice -> new Page<>(
                        slice.items().stream().map(SyncJobResponse::of).toList(), slice.nextCursor()));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getSyncJob", summary = "One of the caller's sync jobs")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", description = "No such job for the caller")
    public Uni<SyncJobResponse> get(@PathParam("id") UUID id) {
        return service.get(caller.get().id(), id).map(SyncJobResponse::of);
    }
}
