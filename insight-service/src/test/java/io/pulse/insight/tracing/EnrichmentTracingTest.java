package io.pulse.insight.tracing;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.pulse.common.testing.InMemorySpans;
import io.pulse.common.testing.LogCapture;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.tracing.SpanAttributes;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An enrichment on the real broker is one trace below its consumer span: the call to the (WireMock) LLM and the
 * enrichment write are its descendants, and the {@code evidence.enriched} event it appends stores that trace. No
 * span attribute and no log line carries the LLM key.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class EnrichmentTracingTest {

    /** The key {@link OpenAiSimulator} configures; the simulator checks it arrives as the bearer token. */
    private static final String LLM_KEY = "sk-test-simulated";

    @Test
    void theLlmCallAndTheWriteAreInTheConsumersTraceWithoutTheKey() {
        TestData.User user = TestData.user(true);
        String hash = SpanAttributes.userHash(user.id());
        List<String> logLines;
        try (LogCapture logs = LogCapture.start()) {
            TestData.Evidence item = TestData.create(
                    user,
                    "Cut the build time of the payments service in half",
                    "Split the integration suite into parallel shards and cached the dependency layer.",
                    "manual",
                    null,
                    List.of(),
                    Instant.now().minus(Duration.ofDays(1)));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Boolean.TRUE.equals(TestData.row(item.id()).get("embedded")));
            logLines = logs.lines();
        }

        SpanData consumer = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> InMemorySpans.all().stream()
                                .filter(s -> s.getKind() == SpanKind.CONSUMER
                                        && s.getName().equals("evidence-events process")
                                        && hash.equals(s.getAttributes().get(SpanAttributes.USER_HASH)))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        assertThat(consumer.getAttributes().get(SpanAttributes.EVENT_TYPE)).isEqualTo("evidence.created");
        assertThat(consumer.getAttributes().get(SpanAttributes.ITEM_COUNT)).isEqualTo(1L);
        List<SpanData> trace = InMemorySpans.all().stream()
                .filter(s -> s.getTraceId().equals(consumer.getTraceId()))
                .toList();
        Map<String, SpanData> byId = new HashMap<>();
        trace.forEach(s -> byId.put(s.getSpanId(), s));

        SpanData llm = trace.stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT && s.getName().equals("POST llm.chat"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no LLM call in " + names(trace)));
        assertThat(descends(llm, consumer, byId)).isTrue();
        assertThat(llm.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
                .isEqualTo("chat");
        assertThat(llm.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                .isEqualTo(200L);
        SpanData write = trace.stream()
                .filter(s -> String.valueOf(s.getAttributes().get(AttributeKey.stringKey("db.statement")))
                        .startsWith("update evidence set summary"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no enrichment write in " + names(trace)));
        assertThat(descends(write, consumer, byId)).isTrue();
        // The relay publishes the evidence.enriched row on its next poll: wait for its producer span.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> now = InMemorySpans.all().stream()
                    .filter(span -> span.getTraceId().equals(consumer.getTraceId()))
                    .toList();
            Map<String, SpanData> ids = new HashMap<>();
            now.forEach(span -> ids.put(span.getSpanId(), span));
            assertThat(now).anySatisfy(span -> {
                assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
                assertThat(span.getAttributes().get(SpanAttributes.EVENT_TYPE)).isEqualTo("evidence.enriched");
                assertThat(descends(span, consumer, ids)).isTrue();
            });
        });

        for (SpanData span : trace) {
            span.getAttributes()
                    .forEach((key, value) -> assertThat(String.valueOf(value))
                            .as("%s of %s", key, span.getName())
                            .doesNotContain(LLM_KEY)
                            .doesNotContain(user.id().toString()));
        }
        assertThat(logLines).noneMatch(line -> line.contains(LLM_KEY));
    }

    private static boolean descends(SpanData span, SpanData ancestor, Map<String, SpanData> byId) {
        for (SpanData s = span; s != null; s = byId.get(s.getParentSpanId())) {
            if (s.getParentSpanId().equals(ancestor.getSpanId())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(s -> s.getKind() + " " + s.getName()).toList();
    }
}
