package io.pulse.evidence.attachment.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The multipart body of an upload, for the OpenAPI document: one or more parts named {@code files}. */
@Schema(name = "FilesForm", description = "multipart/form-data with one part named `files` per file")
public final class FilesForm {

    @Schema(
            required = true,
            type = SchemaType.ARRAY,
            implementation = BinaryFile.class,
            description = "The files; the part's file name is kept (sanitised), its Content-Type is ignored")
    public List<BinaryFile> files;

    /** One file's bytes. */
    @Schema(name = "BinaryFile", type = SchemaType.STRING, format = "binary")
    public static final class BinaryFile {}
}
