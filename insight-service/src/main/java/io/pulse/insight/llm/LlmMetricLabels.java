package io.pulse.insight.llm;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Keeps error labels of LLM metrics bounded, whoever records them: a value of {@code error.type} or
 * {@code error_type} that is not one of {@link LlmErrorType}'s labels (or {@code none}) is reported as
 * {@code other}. Our own meters only ever write those words; this guards against libraries that label a failure
 * with its message (quarkus-langchain4j's chat listener did, with the server's raw error body: user content on
 * {@code /q/metrics} and a new series per distinct body).
 */
@Singleton
public class LlmMetricLabels {

    @Produces
    @Singleton
    MeterFilter boundedErrorType() {
        return MeterFilter.replaceTagValues("error.type", LlmMetricLabels::bounded);
    }

    @Produces
    @Singleton
    MeterFilter boundedErrorTypeUnderscored() {
        return MeterFilter.replaceTagValues("error_type", LlmMetricLabels::bounded);
    }

    static String bounded(String value) {
        return "none".equals(value) || LlmErrorType.LABELS.contains(value) ? value : LlmErrorType.OTHER.label();
    }
}
