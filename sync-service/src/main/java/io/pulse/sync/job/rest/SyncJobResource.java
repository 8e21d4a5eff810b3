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

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.HttpConfig;
import io.pulse.common.web.Page;
import io.pulse.common.web.PageRequest;
import io.pulse.sync.job.service.SyncJobService;
import io.smallrye.mutiny.Uni;

/** The caller's sync jobs. */
@Path("/api/v1/sync-jobs")
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Produces(MediaType.APPLICATION_JSON)
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
    public Uni<Response> request(SyncJobRequest body) {
        if (body == null) {
            return Uni.createFrom().failure(ApiException.badRequest("a JSON body is required"));
        }
        return service.request(caller.get().id(), body.source(), body.since())
                .map(job -> Response.accepted(SyncJobResponse.of(job))
                        .location(URI.create("/api/v1/sync-jobs/" + job.id()))
                        .build());
    }

    @GET
    public Uni<Page<SyncJobResponse>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        FieldChecks checks = FieldChecks.forQuery();
        PageRequest page = PageRequest.parse(limit, cursor, http.paging(), checks);
        checks.throwIfInvalid();
        return service.list(caller.get().id(), page)
                .map(slice -> new Page<>(
                        slice.items().stream().map(SyncJobResponse::of).toList(), slice.nextCursor()));
    }

    @GET
    @Path("/{id}")
    public Uni<SyncJobResponse> get(@PathParam("id") UUID id) {
        return service.get(caller.get().id(), id).map(SyncJobResponse::of);
    }
}
