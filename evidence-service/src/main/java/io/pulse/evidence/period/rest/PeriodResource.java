package io.pulse.evidence.period.rest;

import java.net.URI;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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
import io.pulse.evidence.period.api.NewPeriod;
import io.pulse.evidence.period.api.PeriodChange;
import io.pulse.evidence.period.api.PeriodView;
import io.pulse.evidence.period.service.PeriodService;
import io.smallrye.mutiny.Uni;

/** The caller's review periods. Evidence, insights, search and goals are filtered by them; a packet is per period. */
// Rooted at /api/v1 like the goal and packet resources, which serve paths below /periods/{id}: JAX-RS picks the
// resource class by its root path first, so a root of /api/v1/periods would hide them.
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Tag(name = "Periods", description = "Review periods (e.g. H1 2026): the span a review, its goals and its packet cover")
public class PeriodResource {

    private final PeriodService periods;
    private final RequestUser caller;
    private final HttpConfig http;

    public PeriodResource(PeriodService periods, RequestUser caller, HttpConfig http) {
        this.periods = periods;
        this.caller = caller;
        this.http = http;
    }

    @POST
    @Path("/periods")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createPeriod", summary = "Define a review period")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = PeriodView.class)))
    @APIResponse(responseCode = "409", description = "The caller already has a period with this name")
    public Uni<RestResponse<PeriodView>> create(NewPeriod body) {
        return periods.create(caller.get(), body)
                .map(view -> RestResponse.ResponseBuilder.<PeriodView>created(
                                URI.create("/api/v1/periods/" + view.id()))
                        .entity(view)
                        .build());
    }

    @GET
    @Path("/periods")
    @Operation(operationId = "listPeriods", summary = "List the caller's periods, latest start first")
    @APIResponse(responseCode = "200", description = "One page")
    public Uni<Page<PeriodView>> list(
            @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1-100, default 20", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit) {
        return Uni.createFrom()
                .item(() -> PageRequest.fromQuery(limit, cursor, http.paging()))
                .chain(page -> periods.list(caller.get(), page));
    }

    @GET
    @Path("/periods/{id}")
    @Operation(operationId = "getPeriod", summary = "Read one period")
    @APIResponse(responseCode = "200", description = "The period")
    @APIResponse(responseCode = "404", description = "No such period for the caller")
    public Uni<PeriodView> get(@PathParam("id") String id) {
        return Uni.createFrom().item(() -> PathIds.parse(id, "Period")).chain(uuid -> periods.get(caller.get(), uuid));
    }

    @PATCH
    @Path("/periods/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updatePeriod", summary = "Rename a period or move its dates")
    @APIResponse(responseCode = "200", description = "The changed period")
    @APIResponse(responseCode = "404", description = "No such period for the caller")
    @APIResponse(responseCode = "409", description = "The caller already has a period with this name")
    public Uni<PeriodView> update(@PathParam("id") String id, PeriodChange body) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Period"))
                .chain(uuid -> periods.update(caller.get(), uuid, body));
    }

    @DELETE
    @Path("/periods/{id}")
    @Operation(
            operationId = "deletePeriod",
            summary = "Delete a period",
            description = "Its goals and its packet go with it (and so do shares of the packet). Evidence stays.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such period for the caller")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Period"))
                .chain(uuid -> periods.delete(caller.get(), uuid))
                .map(ignored -> RestResponse.noContent());
    }
}
