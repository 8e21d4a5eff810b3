package io.pulse.evidence.packet.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.pulse.evidence.period.api.PeriodView;

/**
 * The review packet of a period. Its citations are checked every time it is read or exported: a citation whose item
 * no longer exists, is not the owner's or falls outside the period is left out, and a bullet left without a citation is
 * dropped (counted in {@code dropped_bullets}), never shown.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "ReviewPacket")
public record PacketView(
        @Schema(required = true) UUID id,
        @Schema(required = true) UUID ownerId,
        @Schema(required = true) PeriodView period,

        @Schema(
                required = true,
                description = "What wrote the first text of the bullets: the insights' model_version (the statistical"
                        + " generator or an LLM model), or 'evidence' when the period had no insights")
        String generator,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant generatedAt,

        @Schema(required = true, implementation = String.class, format = "date-time")
        Instant updatedAt,

        @Schema(required = true) List<PacketSection> sections,

        @Schema(required = true, description = "Bullets left out of this reading because no citation is valid any more")
        int droppedBullets) {}
