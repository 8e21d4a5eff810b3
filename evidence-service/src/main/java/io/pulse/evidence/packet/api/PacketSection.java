package io.pulse.evidence.packet.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A section of the packet, in the fixed order achievements, strengths, growth areas, trends, goals. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "PacketSection")
public record PacketSection(
        @Schema(
                required = true,
                enumeration = {"achievements", "strengths", "growth_areas", "trends", "goals"})
        String key,

        @Schema(required = true) String title,
        @Schema(required = true) List<PacketBullet> bullets) {}
