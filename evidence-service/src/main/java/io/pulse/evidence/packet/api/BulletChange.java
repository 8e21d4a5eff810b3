package io.pulse.evidence.packet.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The owner's text for a bullet; its citations stay attached. */
@Schema(name = "BulletChange")
public record BulletChange(
        @Schema(required = true, maxLength = PacketLimits.MAX_TEXT)
        String text) {}
