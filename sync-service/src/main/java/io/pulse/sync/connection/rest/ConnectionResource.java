package io.pulse.sync.connection.rest;

import java.net.URI;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import io.pulse.sync.connection.service.ConnectionService;
import io.pulse.sync.connection.service.NewConnection;
import io.smallrye.mutiny.Uni;

/** The caller's GitLab and Jira connections. */
@Path("/api/v1/connections")
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionResource {

    private final ConnectionService service;
    private final RequestUser caller;
    private final HttpConfig http;

    public ConnectionResource(ConnectionService service, RequestUser caller, HttpConfig http) {
        this.service = service;
        this.caller = caller;
        this.http = http;
    }

    /** Verifies the token at the source and stores the connection (201), or 422 / 409 / 502 as problem+json. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ConnectionRequest body) {
        if (body == null) {
            return Uni.createFrom().failure(ApiException.badRequest("a JSON body is required"));
        }
        NewConnection request = new NewConnection(
                body.source(),
                body.authType(),
                body.baseUrl(),
                body.email(),
                body.token(),
                body.caBundlePem(),
                body.syncIntervalMinutes());
        return service.create(caller.get().id(), request)
                .map(v -> Response.created(URI.create("/api/v1/connections/" + v.id()))
                        .entity(ConnectionResponse.of(v))
                        .build());
    }

    @GET
    public Uni<Page<ConnectionResponse>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        FieldChecks checks = FieldChecks.forQuery();
        PageRequest page = PageRequest.parse(limit, cursor, http.paging(), checks);
        checks.throwIfInvalid();
        return service.list(caller.get().id(), page)
                .map(slice -> new Page<>(
                        slice.items().stream().map(ConnectionResponse::of).toList(), slice.nextCursor()));
    }

    /** 204, or 404 when the connection is not the caller's. */
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(caller.get().id(), id)
                .map(ignored -> Response.noContent().build());
    }
}
