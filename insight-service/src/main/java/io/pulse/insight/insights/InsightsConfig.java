package io.pulse.insight.insights;

import java.time.Duration;
import java.time.Period;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Insight generation settings. */
@ConfigMapping(prefix = "pulse.insights")
public interface InsightsConfig {

    /** After new evidence is enriched, a user's insights are regenerated at most once per this interval. */
    @WithDefault("PT5M")
    Duration debounce();

    /** How often the debounce queue is checked for users whose regeneration is due. */
    @WithDefault("15s")
    String refreshPoll();

    /** The period regenerated after enrichment: this long before today, through today. */
    @WithDefault("P90D")
    Period rollingPeriod();

    /** Most evidence items read for one generation (the most recent ones of the period). */
    @WithDefault("2000")
    int maxEvidence();

    /** Longest period a generation may be requested for. */
    @WithDefault("P2Y")
    Period maxRequestedPeriod();
}
