package io.pulse.evidence.export.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.security.CurrentUser;
import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.common.web.PathIds;
import io.pulse.evidence.export.api.ExportView;
import io.pulse.evidence.export.service.ExportService;
import io.pulse.evidence.review.rest.FileAnswer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/** Exports of the caller's whole account (data portability). */
@Path("/api/v1/exports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Tag(name = "Exports", description = "A complete copy of your data, as one archive")
public class ExportResource {

    private final ExportService exports;
    private final RequestUser caller;
    private final ObjectMapper json;

    public ExportResource(ExportService exports, RequestUser caller, ObjectMapper json) {
        this.exports = exports;
        this.caller = caller;
        this.json = json;
    }

    @POST
    @Operation(
            operationId = "createExport",
            summary = "Export everything the product holds for you",
            description = "Answers where to download the archive (application/zip) and until when (24 h by default)."
                    + " The archive is written when it is downloaded: JSON Lines per table, your attached files, and"
                    + " a README describing the format.")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = ExportView.class)))
    public Uni<RestResponse<ExportView>> create() {
        return exports.create(caller.get())
                .map(view -> RestResponse.ResponseBuilder.<ExportView>created(URI.create(view.href()))
                        .entity(view)
                        .build());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getExport", summary = "One of your exports")
    @APIResponse(responseCode = "200", description = "The export")
    @APIResponse(responseCode = "404", description = "No such export for the caller")
    @APIResponse(responseCode = "410", description = "The export expired")
    public Uni<ExportView> get(@PathParam("id") String id) {
        return Uni.createFrom().item(() -> PathIds.parse(id, "Export")).chain(uuid -> exports.get(caller.get(), uuid));
    }

    @GET
    @Path("/{id}/archive")
    @Produces("application/zip")
    @Operation(operationId = "downloadExport", summary = "Download the archive of an export (its owner only)")
    @APIResponse(
            responseCode = "200",
            description = "The archive, streamed",
            content =
                    @Content(
                            mediaType = "application/zip",
                            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "No such export for the caller")
    @APIResponse(responseCode = "410", description = "The export expired")
    public RestMulti<Buffer> archive(@PathParam("id") String id) {
        String path = "/api/v1/exports/" + id + "/archive";
        // The export is checked before the first byte, so that a refusal is still a status with a problem body.
        Uni<Opened> opened = Uni.createFrom()
                .item(caller::get)
                .chain(user -> exports.open(user, PathIds.parse(id, "Export")).map(ok -> new Opened(user, ok, null)))
                .onFailure()
                .recoverWithItem(failure -> new Opened(null, null, FileAnswer.failed(failure, path, json)));
        return RestMulti.fromUniResponse(
                opened,
                o -> o.problem() != null
                        ? Multi.createFrom().item(Buffer.buffer(o.problem().body()))
                        : exports.archive(o.user()),
                o -> o.problem() != null
                        ? o.problem().headers()
                        : Map.of(
                                "Content-Type", List.of("application/zip"),
                                "Content-Disposition",
                                        List.of("attachment; filename=\"performancepulse-export-" + o.id() + ".zip\""),
                                "Cache-Control", List.of("no-store")),
                o -> o.problem() != null ? o.problem().status() : 200);
    }

    private record Opened(CurrentUser user, UUID id, FileAnswer problem) {}
}
