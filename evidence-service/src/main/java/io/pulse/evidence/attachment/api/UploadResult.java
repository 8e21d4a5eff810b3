package io.pulse.evidence.attachment.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.pulse.evidence.evidence.api.EvidenceView;

/** The evidence items an upload created, one per file, in request order. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "UploadResult")
public record UploadResult(List<Item> items) {

    /**
     * One uploaded file: the evidence item made from it and the stored file.
     *
     * @param textTruncated the extracted text was longer than the content limit, or extraction hit its time limit;
     *     the content ends with a note saying so
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "UploadedItem")
    public record Item(
            EvidenceView evidence,
            AttachmentView attachment,

            @Schema(description = "True when the content is cut (a note at its end says why)")
            boolean textTruncated) {}
}
