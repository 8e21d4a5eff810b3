package io.pulse.evidence.evidence.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One page of a listing, newest work first. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "EvidencePage")
public record EvidencePage(
        List<EvidenceView> items,

        @Schema(nullable = true, description = "Pass as `cursor` for the next page; null on the last page")
        String nextCursor) {}
