package io.pulse.evidence.evidence.rest;

import java.net.URI;
import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
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
import io.pulse.common.web.Page;
import io.pulse.common.web.PathIds;
import io.pulse.evidence.evidence.api.EvidenceUpdate;
import io.pulse.evidence.evidence.api.EvidenceView;
import io.pulse.evidence.evidence.api.NewEvidence;
import io.pulse.evidence.evidence.service.EvidenceFilters;
import io.pulse.evidence.evidence.service.EvidenceService;
import io.smallrye.mutiny.Uni;

/** The caller's evidence: manual create, read, partial update, delete and a filtered, keyset-paginated list. */
@Path("/api/v1/evidence")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Tag(name = "Evidence", description = "The caller's evidence of work: manual items, synced items and uploads")
public class EvidenceResource {

    private final EvidenceService evidence;
    private final EvidenceFilters filters;
    private final RequestUser caller;

    public EvidenceResource(EvidenceService evidence, EvidenceFilters filters, RequestUser caller) {
        this.evidence = evidence;
        this.filters = filters;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createEvidence",
            summary = "Create a manual evidence item",
            description = "The source is always `manual`. System fields (summary, embedding, ai_metadata, source,"
                    + " source_id, user_id, ...) are rejected with 422.")
    @APIResponse(
            responseCode = "201",
            description = "Created; Location and ETag point at the new item",
            headers = {
                @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "Location", schema = @Schema(type = SchemaType.STRING))
            },
            content = @Content(schema = @Schema(implementation = EvidenceView.class)))
    public Uni<RestResponse<EvidenceView>> create(NewEvidence body) {
        return evidence.create(caller.get(), body)
                .map(view -> RestResponse.ResponseBuilder.<EvidenceView>created(
                                URI.create("/api/v1/evidence/" + view.id()))
                        .entity(view)
                        .header(HttpHeaders.ETAG, ETags.of(view.version()))
                        .build());
    }

    @GET
    @Operation(
            operationId = "listEvidence",
            summary = "List the caller's evidence",
            description = "Newest work first (occurred_at, then id, descending), keyset-paginated: pass next_cursor"
                    + " back as cursor. Filters combine with AND.")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Invalid query parameter or cursor (listed in errors)")
    public Uni<Page<EvidenceView>> list(
            @Parameter(
                            description = "Only this source",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"gitlab", "jira", "upload", "manual"}))
                    @QueryParam("source")
                    String source,
            @Parameter(description = "Only this category (lowercase slug)") @QueryParam("category") String category,
            @Parameter(description = "Items carrying every given tag (repeatable, at most 10)") @QueryParam("tag")
                    List<String> tags,
            @Parameter(description = "Work that happened at or after this ISO-8601 instant") @QueryParam("from")
                    String from,
            @Parameter(description = "Work that happened before this ISO-8601 instant") @QueryParam("to") String to,
            @Parameter(description = "Case-insensitive text contained in title or content (at most 200 chars)")
                    @QueryParam("q")
                    String q,
            @Parameter(description = "Only work within this review period (its days, UTC)") @QueryParam("period_id")
                    String periodId,
            @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1-100, default 20", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit) {
        return Uni.createFrom()
                .item(() -> filters.parse(source, category, tags, from, to, q, periodId, cursor, limit))
                .chain(filter -> evidence.list(caller.get(), filter));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getEvidence", summary = "Read one evidence item")
    @APIResponse(
            responseCode = "200",
            description = "The item, with its ETag",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = EvidenceView.class)))
    @APIResponse(responseCode = "404", description = "No such item for the caller (also for other users' items)")
    public Uni<RestResponse<EvidenceView>> get(@PathParam("id") String id) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Evidence"))
                .chain(uuid -> evidence.get(caller.get(), uuid))
                .map(EvidenceResource::withETag);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "updateEvidence",
            summary = "Change an evidence item",
            description = "Merge-patch of the writable fields. Requires If-Match with the ETag that was read.")
    @APIResponse(
            responseCode = "200",
            description = "The updated item, with its new ETag",
            headers = @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = EvidenceView.class)))
    @APIResponse(responseCode = "404", description = "No such item for the caller")
    @APIResponse(responseCode = "412", description = "The item changed since it was read (If-Match does not match)")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Uni<RestResponse<EvidenceView>> update(
            @PathParam("id") String id,
            @Parameter(description = "ETag of the version being changed, e.g. \"3\"", required = true)
                    @HeaderParam(HttpHeaders.IF_MATCH)
                    String ifMatch,
            EvidenceUpdate body) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Evidence"))
                .chain(uuid -> evidence.update(caller.get(), uuid, ETags.ifMatch(ifMatch), body))
                .map(EvidenceResource::withETag);
    }

    @DELETE
    @Path("/{id}")
    @Operation(
            operationId = "deleteEvidence",
            summary = "Delete an evidence item",
            description = "Requires If-Match with the ETag that was read.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such item for the caller")
    @APIResponse(responseCode = "412", description = "The item changed since it was read")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Uni<RestResponse<Void>> delete(
            @PathParam("id") String id,
            @Parameter(description = "ETag of the version being deleted, e.g. \"3\"", required = true)
                    @HeaderParam(HttpHeaders.IF_MATCH)
                    String ifMatch) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Evidence"))
                .chain(uuid -> evidence.delete(caller.get(), uuid, ETags.ifMatch(ifMatch)))
                .map(ignored -> RestResponse.noContent());
    }

    private static RestResponse<EvidenceView> withETag(EvidenceView view) {
        return RestResponse.ResponseBuilder.ok(view)
                .header(HttpHeaders.ETAG, ETags.of(view.version()))
                .build();
    }
}
