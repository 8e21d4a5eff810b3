package io.pulse.evidence.period.api;

/** Sizes a period may have. */
public final class PeriodLimits {

    public static final int MAX_NAME = 100;
    /** Longer periods are not review periods; the bound also keeps a packet's evidence query bounded. */
    public static final int MAX_DAYS = 800;

    private PeriodLimits() {}
}
