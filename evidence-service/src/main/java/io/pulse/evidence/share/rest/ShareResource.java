package io.pulse.evidence.share.rest;

import java.net.URI;
import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.common.web.HttpConfig;
import io.pulse.common.web.Page;
import io.pulse.common.web.PageRequest;
import io.pulse.common.web.PathIds;
import io.pulse.evidence.share.api.ManagerChoice;
import io.pulse.evidence.share.api.ManagerView;
import io.pulse.evidence.share.api.NewShare;
import io.pulse.evidence.share.api.ShareView;
import io.pulse.evidence.share.api.SharedBundle;
import io.pulse.evidence.share.api.SharedPerson;
import io.pulse.evidence.share.service.ShareService;
import io.smallrye.mutiny.Uni;

/** The caller's manager, what the caller shares with them, and (for a manager) what others share with the caller. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Tag(
        name = "Sharing",
        description =
                "Sharing chosen packets, evidence and insights with one's manager; enforced by row-level security")
public class ShareResource {

    private final ShareService shares;
    private final RequestUser caller;
    private final HttpConfig http;

    public ShareResource(ShareService shares, RequestUser caller, HttpConfig http) {
        this.shares = shares;
        this.caller = caller;
        this.http = http;
    }

    @PUT
    @Path("/manager")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "nameManager",
            summary = "Name your manager",
            description = "A user of the same identity provider who holds the manager role and has signed in once."
                    + " Naming someone else revokes everything shared with the previous manager.")
    @APIResponse(responseCode = "200", description = "The manager")
    @APIResponse(responseCode = "422", description = "No manager with this address has signed in")
    public Uni<ManagerView> nameManager(ManagerChoice body) {
        return Uni.createFrom().deferred(() -> shares.nameManager(caller.get(), body));
    }

    @GET
    @Path("/manager")
    @Operation(operationId = "getManager", summary = "Your named manager")
    @APIResponse(responseCode = "200", description = "The manager")
    @APIResponse(responseCode = "404", description = "No manager named")
    public Uni<ManagerView> manager() {
        return shares.manager(caller.get());
    }

    @DELETE
    @Path("/manager")
    @Operation(
            operationId = "removeManager",
            summary = "Remove your manager",
            description = "Revokes everything shared with them at once.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No manager named")
    public Uni<RestResponse<Void>> removeManager() {
        return shares.removeManager(caller.get()).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/shares")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createShare",
            summary = "Share a packet, an evidence item or an insight with your manager",
            description = "A packet shares its text, period, goal titles and the evidence it cites.")
    @APIResponse(
            responseCode = "201",
            description = "Shared",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = ShareView.class)))
    @APIResponse(responseCode = "404", description = "No such item for the caller")
    @APIResponse(responseCode = "409", description = "No manager named, or the item is already shared")
    public Uni<RestResponse<ShareView>> share(NewShare body) {
        return Uni.createFrom()
                .deferred(() -> shares.share(caller.get(), body))
                .map(view -> RestResponse.ResponseBuilder.<ShareView>created(URI.create("/api/v1/shares/" + view.id()))
                        .entity(view)
                        .build());
    }

    @GET
    @Path("/shares")
    @Operation(operationId = "listShares", summary = "What you share, newest first")
    @APIResponse(responseCode = "200", description = "One page")
    public Uni<Page<ShareView>> list(
            @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1-100, default 20", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit) {
        return Uni.createFrom()
                .item(() -> PageRequest.fromQuery(limit, cursor, http.paging()))
                .chain(page -> shares.list(caller.get(), page));
    }

    @DELETE
    @Path("/shares/{id}")
    @Operation(operationId = "revokeShare", summary = "Revoke a share; it takes effect at once")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such share for the caller")
    public Uni<RestResponse<Void>> revoke(@PathParam("id") String id) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Share"))
                .chain(uuid -> shares.revoke(caller.get(), uuid))
                .map(ignored -> RestResponse.noContent());
    }

    @GET
    @Path("/shared-with-me")
    @Operation(
            operationId = "listSharedWithMe",
            summary = "The people who share something with you",
            description = "Only people with at least one share appear; nothing unshared is counted.")
    @APIResponse(responseCode = "200", description = "The people, with counts of what they share")
    public Uni<List<SharedPerson>> people() {
        return shares.people(caller.get());
    }

    @GET
    @Path("/shared-with-me/{ownerId}")
    @Operation(operationId = "getSharedWithMe", summary = "Everything one person shares with you, read-only")
    @APIResponse(responseCode = "200", description = "Their shared packets, evidence and insights")
    @APIResponse(responseCode = "404", description = "The person shares nothing with you")
    public Uni<SharedBundle> sharedBy(@PathParam("ownerId") String ownerId) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(ownerId, "Person"))
                .chain(id -> shares.sharedBy(caller.get(), id));
    }
}
