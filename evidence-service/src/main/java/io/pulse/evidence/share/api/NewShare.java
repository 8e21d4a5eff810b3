package io.pulse.evidence.share.api;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Something of the caller's to share with their named manager. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "NewShare")
public record NewShare(
        @Schema(
                required = true,
                enumeration = {"packet", "evidence", "insight"},
                description = "A packet shares its text, its period, its goals' titles and the evidence it cites")
        String kind,

        @Schema(required = true) UUID itemId) {}
