package io.pulse.sync.job.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.pulse.common.security.CurrentUserResolver;
import io.pulse.common.web.ApiException;
import io.pulse.sync.job.service.SyncJobService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The caller's sync jobs. */
@Path("/api/v1/sync-jobs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SyncJobResource {

    private final SyncJobService service;
    private final CurrentUserResolver users;
    private final SecurityIdentity identity;

    public SyncJobResource(SyncJobService service, CurrentUserResolver users, SecurityIdentity identity) {
        this.service = service;
        this.users = users;
        this.identity = identity;
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
        return users.resolve(identity)
                .chain(user -> service.request(user.id(), body.source(), body.since()))
                .map(job -> Response.accepted(SyncJobResponse.of(job))
                        .location(URI.create("/api/v1/sync-jobs/" + job.id()))
                        .build());
    }

    @GET
    public Uni<List<SyncJobResponse>> list(@QueryParam("limit") @DefaultValue("20") int limit) {
        return users.resolve(identity)
                .chain(user -> service.list(user.id(), limit))
                .map(jobs -> jobs.stream().map(SyncJobResponse::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<SyncJobResponse> get(@PathParam("id") UUID id) {
        return users.resolve(identity).chain(user -> service.get(user.id(), id)).map(SyncJobResponse::of);
    }
}
