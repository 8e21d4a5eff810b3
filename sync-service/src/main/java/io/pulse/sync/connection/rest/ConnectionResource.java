package io.pulse.sync.connection.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.pulse.common.security.CurrentUserResolver;
import io.pulse.common.web.ApiException;
import io.pulse.sync.connection.service.ConnectionService;
import io.pulse.sync.connection.service.NewConnection;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The caller's GitLab and Jira connections. */
@Path("/api/v1/connections")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionResource {

    private final ConnectionService service;
    private final CurrentUserResolver users;
    private final SecurityIdentity identity;

    public ConnectionResource(ConnectionService service, CurrentUserResolver users, SecurityIdentity identity) {
        this.service = service;
        this.users = users;
        this.identity = identity;
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
        return users.resolve(identity)
                .chain(user -> service.create(user.id(), request))
                .map(v -> Response.created(URI.create("/api/v1/connections/" + v.id()))
                        .entity(ConnectionResponse.of(v))
                        .build());
    }

    @GET
    public Uni<List<ConnectionResponse>> list() {
        return users.resolve(identity)
                .chain(user -> service.list(user.id()))
                .map(l -> l.stream().map(ConnectionResponse::of).toList());
    }

    /** 204, or 404 when the connection is not the caller's. */
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return users.resolve(identity)
                .chain(user -> service.delete(user.id(), id))
                .map(ignored -> Response.noContent().build());
    }
}
