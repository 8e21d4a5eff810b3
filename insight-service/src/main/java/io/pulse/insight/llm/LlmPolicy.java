package io.pulse.insight.llm;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides whether a user's evidence may be sent to the configured LLM: only when the LLM is enabled and the user
 * has not opted out with the profile preference {@code "llm": false}. Users who opt out still get everything,
 * computed locally. The preference is read by each feature's repository in the same query as the data it governs
 * (see {@link #optedOut}), so deciding costs no extra round trip.
 */
@ApplicationScoped
public class LlmPolicy {

    private final LlmConfig config;

    public LlmPolicy(LlmConfig config) {
        this.config = config;
    }

    /** Whether an LLM is configured at all; when not, nobody's preference needs to be read. */
    public boolean enabled() {
        return config.enabled();
    }

    /** Whether the LLM is used for the work of a user with this preference. */
    public boolean useLlm(boolean optedOut) {
        return config.enabled() && !optedOut;
    }

    /** The SQL condition that the profile row under {@code alias} opted out of LLM processing. */
    public static String optedOut(String alias) {
        return "coalesce(" + alias + ".preferences->>'llm', '') = 'false'";
    }
}
