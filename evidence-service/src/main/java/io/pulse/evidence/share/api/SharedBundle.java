package io.pulse.evidence.share.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.pulse.evidence.evidence.api.EvidenceView;
import io.pulse.evidence.packet.api.PacketView;

/** Everything one person shares with the calling manager, read-only. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "SharedBundle")
public record SharedBundle(
        @Schema(required = true) SharedPerson person,

        @Schema(required = true, description = "Shared review packets, newest first")
        List<PacketView> packets,

        @Schema(required = true, description = "Evidence shared item by item")
        List<EvidenceView> evidence,

        @Schema(required = true, description = "Shared insights, newest first")
        List<SharedInsight> insights) {}
