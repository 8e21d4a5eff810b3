package io.pulse.insight.llm;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** Labels written by code that is not ours (a library labelling a failure with its message) are bounded too. */
class LlmMetricLabelsTest {

    @Test
    void anErrorTypeThatIsNotAClassBecomesOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LlmMetricLabels labels = new LlmMetricLabels();
        registry.config().meterFilter(labels.boundedErrorType()).meterFilter(labels.boundedErrorTypeUnderscored());

        registry.timer("gen_ai.client.operation.duration", "error.type", "{\"error\":\"req_123 Frank's appraisal\"}")
                .record(java.time.Duration.ofMillis(5));
        registry.counter("pulse.llm.failures", "error_type", "rate_limited").increment();
        registry.timer("gen_ai.client.operation.duration", "error.type", "none").record(java.time.Duration.ofMillis(5));

        assertThat(registry.find("gen_ai.client.operation.duration").timers())
                .extracting(t -> t.getId().getTag("error.type"))
                .containsExactlyInAnyOrder("other", "none");
        assertThat(registry.find("pulse.llm.failures").counter().getId().getTag("error_type"))
                .isEqualTo("rate_limited");
    }
}
