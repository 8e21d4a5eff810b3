package io.pulse.evidence.attachment.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.common.security.CurrentUser;
import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.HttpConfig;
import io.pulse.common.web.Page;
import io.pulse.common.web.PageRequest;
import io.pulse.common.web.PathIds;
import io.pulse.common.web.Problem;
import io.pulse.common.web.ProblemMappers;
import io.pulse.evidence.attachment.api.AttachmentList;
import io.pulse.evidence.attachment.api.AttachmentView;
import io.pulse.evidence.attachment.api.FilesForm;
import io.pulse.evidence.attachment.service.AttachmentService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/** Files attached to the caller's evidence items: attach, list, download (with ranges), remove. */
@Path("/api/v1/evidence/{id}/attachments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Tag(name = "Attachments", description = "Files attached to an evidence item")
public class AttachmentResource {

    private static final Logger LOG = Logger.getLogger(AttachmentResource.class);
    private static final String NOT_FOUND = "No such item or attachment for the caller (also for other users' ones)";

    private final AttachmentService attachments;
    private final RequestUser caller;
    private final HttpConfig http;
    private final ObjectMapper json;

    public AttachmentResource(AttachmentService attachments, RequestUser caller, HttpConfig http, ObjectMapper json) {
        this.attachments = attachments;
        this.caller = caller;
        this.http = http;
        this.json = json;
    }

    @POST
    @Operation(
            operationId = "attachFiles",
            summary = "Attach files to an evidence item",
            description = "multipart/form-data with one part named `files` per file; the same types, checks and limits"
                    + " as uploads. The item's content is not changed; its `attachments` list and version are.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.MULTIPART_FORM_DATA,
                            schema = @Schema(implementation = FilesForm.class)))
    @APIResponse(
            responseCode = "201",
            description = "The new attachments, in request order",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AttachmentList.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The item would have more attachments than allowed")
    @APIResponse(responseCode = "413", description = "Too many files or a file too large")
    @APIResponse(responseCode = "415", description = "Not multipart/form-data, or a type that is not accepted")
    @APIResponse(
            responseCode = "422",
            description = "No file, an empty file, a path as file name, or a decompression bomb")
    // Blocking: the multipart body is then read through a stream that pauses the connection while each part is written
    // to disk. Parsed from the event loop instead, the body is queued for a worker that writes it, with no
    // backpressure:
    // a thread dump caught the client done sending 50 MiB while the parser was still writing the backlog from memory.
    @Blocking
    public Uni<RestResponse<AttachmentList>> attach(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @RestForm(Multiparts.FILES) List<FileUpload> files) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Attachment"))
                .chain(evidenceId -> attachments.attach(caller.get(), evidenceId, Multiparts.files(contentType, files)))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, created));
    }

    @GET
    @Operation(
            operationId = "listAttachments",
            summary = "List an item's attachments",
            description = "Newest first, keyset-paginated.")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Invalid limit or cursor")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Uni<Page<AttachmentView>> list(
            @PathParam("id") String id,
            @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Page size, 1-100, default 20", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit) {
        return Uni.createFrom().item(() -> PathIds.parse(id, "Attachment")).chain(evidenceId -> {
            PageRequest page = PageRequest.fromQuery(limit, cursor, http.paging());
            return attachments.list(caller.get(), evidenceId, page);
        });
    }

    @GET
    @Path("/{attachment_id}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(
            operationId = "downloadAttachment",
            summary = "Download an attachment",
            description = "The bytes with their detected Content-Type, `Content-Disposition: attachment` with a safe"
                    + " file name, a strong ETag (the SHA-256), If-None-Match (304) and one byte range (Range:"
                    + " bytes=a-b, a- or -n; If-Range) for large files. Streamed, never buffered whole.")
    @APIResponse(
            responseCode = "200",
            description = "The whole file",
            headers = {
                @Header(name = "ETag", schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "Content-Disposition", schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "Accept-Ranges", schema = @Schema(type = SchemaType.STRING))
            },
            content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(
            responseCode = "206",
            description = "The requested range",
            headers = @Header(name = "Content-Range", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "If-None-Match matched: unchanged")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(
            responseCode = "416",
            description = "The range starts beyond the file",
            headers = @Header(name = "Content-Range", schema = @Schema(type = SchemaType.STRING)))
    public RestMulti<Buffer> download(
            @PathParam("id") String id,
            @PathParam("attachment_id") String attachmentId,
            @Parameter(description = "One byte range, e.g. bytes=0-1023") @HeaderParam("Range") String range,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @HeaderParam("If-Range") String ifRange) {
        String path = "/api/v1/evidence/" + id + "/attachments/" + attachmentId;
        // A streamed response commits its status with the first byte, so failures before it (404, a database
        // error) become problem responses here rather than in the exception mappers.
        Uni<Download> download = Uni.createFrom()
                .item(caller::get)
                .chain(user -> attachments
                        .find(user, PathIds.parse(id, "Attachment"), PathIds.parse(attachmentId, "Attachment"))
                        .map(view -> new Download(user, view, Downloads.plan(view, range, ifNoneMatch, ifRange))))
                .onFailure()
                .recoverWithItem(failure -> Download.failed(failure, path));
        return RestMulti.fromUniResponse(
                download, this::body, d -> d.plan().headers(), d -> d.plan().status());
    }

    private Multi<Buffer> body(Download d) {
        if (d.problem() != null) {
            return Multi.createFrom().item(problemBody(d.problem()));
        }
        if (d.plan().range() == null) {
            return Multi.createFrom().empty();
        }
        return attachments.read(d.user(), d.attachment(), d.plan().range()).map(b -> b.getDelegate());
    }

    private Buffer problemBody(Problem problem) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @DELETE
    @Path("/{attachment_id}")
    @Operation(
            operationId = "deleteAttachment",
            summary = "Remove an attachment",
            description = "The file and its bytes are deleted; the item's `attachments` list and version change.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id, @PathParam("attachment_id") String attachmentId) {
        return Uni.createFrom()
                .item(() -> PathIds.parse(id, "Attachment"))
                .chain(evidenceId ->
                        attachments.delete(caller.get(), evidenceId, PathIds.parse(attachmentId, "Attachment")))
                .map(ignored -> RestResponse.noContent());
    }

    /** A download being answered: who asks, what, and how; or the problem that ends it before the first byte. */
    private record Download(CurrentUser user, AttachmentView attachment, Downloads.Plan plan, Problem problem) {

        Download(CurrentUser user, AttachmentView attachment, Downloads.Plan plan) {
            this(user, attachment, plan, plan.status() == 416 ? rangeProblem(attachment, plan) : null);
        }

        static Download failed(Throwable failure, String path) {
            int status;
            String title;
            String detail;
            if (failure instanceof ApiException api) {
                status = api.status();
                title = api.title();
                detail = api.getMessage();
            } else {
                LOG.errorf(failure, "Download of %s failed", path);
                status = 500;
                title = "Internal Server Error";
                detail = "An unexpected error occurred";
            }
            Problem problem = new Problem(URI.create("about:blank"), title, status, detail, path, null, List.of());
            return new Download(
                    null,
                    null,
                    new Downloads.Plan(status, Map.of("Content-Type", List.of(ProblemMappers.PROBLEM_JSON)), null),
                    problem);
        }

        private static Problem rangeProblem(AttachmentView attachment, Downloads.Plan plan) {
            return new Problem(
                    URI.create("about:blank"),
                    "Range Not Satisfiable",
                    416,
                    "The range starts beyond the file's " + attachment.sizeBytes() + " bytes",
                    attachment.href(),
                    null,
                    List.of());
        }
    }
}
