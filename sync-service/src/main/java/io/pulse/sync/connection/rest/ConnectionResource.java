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
import io.pulse.sync.connection.api.ConnectionView;
import io.pulse.sync.connection.api.NewConnection;
import io.pulse.sync.connection.service.ConnectionService;
import io.smallrye.mutiny.Uni;

/** The caller's GitLab and Jira connections. */
@Path("/api/v1/connections")
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Connections", description = "The caller's GitLab and Jira accounts that syncs read from")
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
    @Operation(
            operationId = "createConnection",
            summary = "Connect a GitLab or Jira account",
            description = "The token is verified at the source before the connection is stored, encrypted.")
    @APIResponse(
            responseCode = "201",
            description = "Connected; Location points at the connection",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = ConnectionView.class)))
    @APIResponse(responseCode = "409", description = "A connection to this source already exists")
    @APIResponse(
            responseCode = "422",
            description =
                    "Invalid fields, a base URL that is not allowed, or a token the source refused (listed in errors)")
    @APIResponse(responseCode = "502", description = "The source could not be reached or answered unexpectedly")
    public Uni<Response> create(@RequestBody(required = true) NewConnection body) {
        if (body == null) {
            return Uni.createFrom().failure(ApiException.badRequest("a JSON body is required"));
        }
        return service.create(caller.get().id(), body)
                .map(v -> Response.created(URI.create("/api/v1/connections/" + v.id()))
                        .entity(v)
                        .build());
    }

    @GET
    @Operation(operationId = "listConnections", summary = "The caller's connections, newest first")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor (listed in errors)")
    public Uni<Page<ConnectionView>> list(
            @Parameter(description = "Page size, 1-100, default 20", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.fromQuery(limit, cursor, http.paging());
        return service.list(caller.get().id(), page);
    }

    /** 204, or 404 when the connection is not the caller's. */
    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteConnection", summary = "Remove a connection and its stored token")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such connection for the caller")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return service.delete(caller.get().id(), id)
                .map(ignored -> Response.noContent().build());
    }
}
