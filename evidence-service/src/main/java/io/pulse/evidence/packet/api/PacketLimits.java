package io.pulse.evidence.packet.api;

/** Sizes of a packet. */
public final class PacketLimits {

    public static final int MAX_TEXT = 2000;
    public static final int MAX_BULLETS_PER_SECTION = 20;
    public static final int MAX_CITATIONS_PER_BULLET = 10;
    /** Evidence-only achievements when the period has no achievement insight yet. */
    public static final int FALLBACK_ACHIEVEMENTS = 8;

    private PacketLimits() {}
}
