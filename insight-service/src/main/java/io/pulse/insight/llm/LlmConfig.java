package io.pulse.insight.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Whether and how the OpenAI-compatible LLM is used. Endpoint, model and key are the
 * {@code quarkus.langchain4j.openai.*} settings.
 */
@ConfigMapping(prefix = "pulse.llm")
public interface LlmConfig {

    /** Use the LLM for summaries, classification and insights; when false everything is computed locally. */
    @WithDefault("false")
    boolean enabled();

    /** Chat model name, recorded in {@code model_version}; also configures the OpenAI-compatible client. */
    @WithDefault("gpt-4o-mini")
    String model();

    /** Attempts per LLM call; output that is malformed after the last attempt is rejected. */
    @WithDefault("3")
    int maxAttempts();

    /** Most evidence items put in one insight prompt (the most recent ones of the period). */
    @WithDefault("60")
    int maxEvidencePerPrompt();

    /** Characters of each item's content put in a prompt. */
    @WithDefault("800")
    int contentCharsPerItem();
}
