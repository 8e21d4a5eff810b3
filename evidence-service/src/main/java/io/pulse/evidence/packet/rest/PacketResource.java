package io.pulse.evidence.packet.rest;

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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.common.web.FieldChecks;
import io.pulse.common.web.PathIds;
import io.pulse.evidence.packet.api.BulletChange;
import io.pulse.evidence.packet.api.PacketView;
import io.pulse.evidence.packet.service.PacketExport;
import io.pulse.evidence.packet.service.PacketService;
import io.pulse.evidence.review.rest.FileAnswer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;

/** The review packet of a period: generate, read, edit bullets, export. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Tag(
        name = "Review packets",
        description = "A period's review document; every bullet cites evidence checked on the server")
public class PacketResource {

    private final PacketService packets;
    private final PacketExport export;
    private final RequestUser caller;
    private final ObjectMapper json;

    public PacketResource(PacketService packets, PacketExport export, RequestUser caller, ObjectMapper json) {
        this.packets = packets;
        this.export = export;
        this.caller = caller;
        this.json = json;
    }

    @POST
    @Path("/periods/{periodId}/packet")
    @Operation(
            operationId = "generatePacket",
            summary = "Write (or rewrite) the period's packet",
            description = "From the period's insights (validated first; rejected never), goals and evidence. Works"
                    + " without an LLM. Bullets the owner edited are kept; the others are written afresh.")
    @APIResponse(responseCode = "200", description = "The packet")
    @APIResponse(responseCode = "404", description = "No such period for the caller")
    public Uni<PacketView> generate(@PathParam("periodId") String periodId) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(periodId, "Period"))
                .chain(id -> packets.generate(caller.get(), id));
    }

    @GET
    @Path("/periods/{periodId}/packet")
    @Operation(operationId = "getPacket", summary = "Read the period's packet, citations checked")
    @APIResponse(responseCode = "200", description = "The packet")
    @APIResponse(responseCode = "404", description = "No such period for the caller, or no packet generated yet")
    public Uni<PacketView> get(@PathParam("periodId") String periodId) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(periodId, "Period"))
                .chain(id -> packets.ofPeriod(caller.get(), id));
    }

    @PATCH
    @Path("/packets/{id}/bullets/{bulletId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "editPacketBullet",
            summary = "Change a bullet's text",
            description = "The citations stay attached, and the edit survives regeneration.")
    @APIResponse(responseCode = "200", description = "The packet")
    @APIResponse(responseCode = "404", description = "No such packet or bullet for the caller")
    public Uni<PacketView> edit(@PathParam("id") String id, @PathParam("bulletId") String bulletId, BulletChange body) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Packet"))
                .chain(packetId -> packets.editBullet(
                        caller.get(), packetId, PathIds.parse(bulletId, "Bullet"), body == null ? null : body.text()));
    }

    @DELETE
    @Path("/packets/{id}/bullets/{bulletId}")
    @Operation(operationId = "deletePacketBullet", summary = "Remove a bullet from the packet")
    @APIResponse(responseCode = "200", description = "The packet")
    @APIResponse(responseCode = "404", description = "No such packet or bullet for the caller")
    public Uni<PacketView> deleteBullet(@PathParam("id") String id, @PathParam("bulletId") String bulletId) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Packet"))
                .chain(packetId -> packets.deleteBullet(caller.get(), packetId, PathIds.parse(bulletId, "Bullet")));
    }

    @GET
    @Path("/periods/{periodId}/packet/export")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(
            operationId = "exportPacket",
            summary = "Download the packet as Markdown, PDF or JSON",
            description = "The same checked citations as a read; the PDF embeds its fonts.")
    @APIResponse(
            responseCode = "200",
            description = "The file (Content-Disposition: attachment)",
            content = {
                @Content(mediaType = "text/markdown", schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PacketView.class))
            })
    @APIResponse(responseCode = "400", description = "Unknown format")
    @APIResponse(responseCode = "404", description = "No such period for the caller, or no packet generated yet")
    public RestMulti<Buffer> export(
            @PathParam("periodId") String periodId,
            @Parameter(
                            description = "markdown (default), pdf or json",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"markdown", "pdf", "json"}))
                    @QueryParam("format")
                    String format) {
        String path = "/api/v1/periods/" + periodId + "/packet/export";
        Uni<FileAnswer> answer = Uni.createFrom()
                .item(() -> {
                    FieldChecks checks = FieldChecks.forQuery();
                    String chosen = checks.oneOf("format", format == null ? "markdown" : format, PacketExport.FORMATS);
                    checks.throwIfInvalid();
                    return chosen;
                })
                .chain(chosen -> packets.ofPeriod(caller.get(), PathIds.parse(periodId, "Period"))
                        // Laying out a PDF is CPU work: off the event loop.
                        .emitOn(Infrastructure.getDefaultWorkerPool())
                        .map(packet -> FileAnswer.of(export.export(packet, chosen))))
                .onFailure()
                .recoverWithItem(failure -> FileAnswer.failed(failure, path, json));
        // The bytes are written as they are (a byte[] entity would meet a writer that turns it into text), so
        // failures are answered here as problems rather than by the exception mappers.
        return RestMulti.fromUniResponse(
                answer, a -> Multi.createFrom().item(Buffer.buffer(a.body())), FileAnswer::headers, FileAnswer::status);
    }
}
