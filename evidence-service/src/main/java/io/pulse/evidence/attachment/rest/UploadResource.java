package io.pulse.evidence.attachment.rest;

import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.pulse.common.security.RequestUser;
import io.pulse.common.security.Roles;
import io.pulse.evidence.attachment.api.FilesForm;
import io.pulse.evidence.attachment.api.UploadResult;
import io.pulse.evidence.attachment.service.UploadService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** Documents become evidence: one item per uploaded file, with the file attached. */
@Path("/api/v1/evidence/uploads")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.INDIVIDUAL, Roles.MANAGER})
@Tag(name = "Uploads", description = "Documents uploaded as new evidence items")
public class UploadResource {

    private final UploadService uploads;
    private final RequestUser caller;

    public UploadResource(UploadService uploads, RequestUser caller) {
        this.uploads = uploads;
        this.caller = caller;
    }

    @POST
    @Operation(
            operationId = "uploadEvidence",
            summary = "Upload documents as evidence",
            description = "multipart/form-data with one part named `files` per file (PDF, DOCX, PPTX, XLSX, ODT, HTML,"
                    + " Markdown, plain text, EML, MSG; PNG, JPEG, GIF, WebP and TIFF images are kept with empty"
                    + " content). The type is detected from the bytes. Each file becomes an evidence item with"
                    + " source `upload`: title from the document's metadata or the file name, content = the"
                    + " extracted text (cut with a note beyond the limit), and the file as its attachment. All files"
                    + " are stored or none.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.MULTIPART_FORM_DATA,
                            schema = @Schema(implementation = FilesForm.class)))
    @APIResponse(
            responseCode = "201",
            description = "The created items, in request order",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = UploadResult.class)))
    @APIResponse(
            responseCode = "413",
            description = "Too many files, a file too large, or the request larger than the upload limit")
    @APIResponse(
            responseCode = "415",
            description = "Not multipart/form-data, or a file of a type that is not accepted (listed in errors)")
    @APIResponse(
            responseCode = "422",
            description = "No file, an empty file, a file name that is a path, or a decompression bomb (listed in"
                    + " errors)")
    // Blocking: the multipart body is then read through a stream that pauses the connection while each part is written
    // to disk. Parsed from the event loop instead, the body is queued for a worker that writes it, with no
    // backpressure:
    // a thread dump caught the client done sending 50 MiB while the parser was still writing the backlog from memory.
    @Blocking
    public Uni<RestResponse<UploadResult>> upload(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @RestForm(Multiparts.FILES) List<FileUpload> files) {
        return Uni.createFrom()
                .item(() -> Multiparts.files(contentType, files))
                .chain(incoming -> uploads.upload(caller.get(), incoming))
                .map(result -> RestResponse.status(RestResponse.Status.CREATED, result));
    }
}
