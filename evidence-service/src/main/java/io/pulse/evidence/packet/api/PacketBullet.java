package io.pulse.evidence.packet.api;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.pulse.evidence.review.api.Citation;

/** One bullet of a packet and the evidence it cites (each citation checked when the packet is read). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "PacketBullet")
public record PacketBullet(
        @Schema(required = true) UUID id,
        @Schema(required = true) String text,

        @Schema(required = true, description = "The owner changed the text; regeneration keeps it")
        boolean edited,

        @Schema(nullable = true, description = "The goal of a 'goals' bullet")
        UUID goalId,

        @Schema(nullable = true, description = "The insight the bullet was written from")
        UUID insightId,

        @Schema(required = true, description = "At least one; each exists, is the owner's and falls in the period")
        List<Citation> citations) {}
