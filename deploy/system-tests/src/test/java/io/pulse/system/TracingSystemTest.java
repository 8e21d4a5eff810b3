package io.pulse.system;

import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pulse.common.testing.TestTokens;
import io.pulse.system.PackagedStack.Service;
import io.pulse.system.TraceCollector.CollectedSpan;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace across the packaged services, as an operator's collector receives it over OTLP: a note posted to
 * evidence-service, the outbox relay's publication, insight-service's consumption and its enrichment write, and the
 * {@code evidence.enriched} event that write appends, each span the child of the one before. The caller's own
 * {@code traceparent} is honoured, so the test knows the trace id up front.
 */
class TracingSystemTest {

    private static PackagedStack stack;

    @BeforeAll
    static void start() {
        stack = PackagedStack.get();
    }

    @Test
    void aNoteIsOneTraceFromThePostThroughKafkaToTheEnrichmentWrite() {
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(randomBytes(16));
        String callerSpanId = hex.formatHex(randomBytes(8));
        String token = TestTokens.individual(TestTokens.newSubject());
        given().baseUri(stack.uri(Service.EVIDENCE).toString())
                .auth()
                .oauth2(token)
                .header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .contentType(ContentType.JSON)
                .body("""
                        {"title": "Traced note: moved the nightly export to a streaming job",
                         "content": "The export no longer holds the whole table in memory; it streams rows and finishes in four minutes instead of forty.",
                         "tags": ["performance"]}""")
                .post("/api/v1/evidence")
                .then()
                .statusCode(201);

        Predicate<CollectedSpan> enrichmentWrite = s -> s.service().equals("insight-service")
                && s.kind().equals("SPAN_KIND_CLIENT")
                && s.attributes().getOrDefault("db.statement", "").startsWith("update evidence set summary");
        Predicate<CollectedSpan> enrichedPublished = s -> s.kind().equals("SPAN_KIND_PRODUCER")
                && "evidence.enriched".equals(s.attributes().get("pulse.event.type"));
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.traces().trace(traceId).stream().anyMatch(enrichmentWrite)
                        && stack.traces().trace(traceId).stream().anyMatch(enrichedPublished));

        List<CollectedSpan> trace = stack.traces().trace(traceId);
        Map<String, CollectedSpan> byId = new HashMap<>();
        trace.forEach(s -> byId.put(s.spanId(), s));

        CollectedSpan server = only(
                trace,
                s -> s.service().equals("evidence-service")
                        && s.kind().equals("SPAN_KIND_SERVER")
                        && "/api/v1/evidence".equals(s.attributes().get("http.route")));
        assertThat(server.parentSpanId()).isEqualTo(callerSpanId);

        CollectedSpan created = only(
                trace,
                s -> s.kind().equals("SPAN_KIND_PRODUCER")
                        && "evidence.created".equals(s.attributes().get("pulse.event.type")));
        assertThat(created.parentSpanId()).isEqualTo(server.spanId());

        CollectedSpan consumer = only(
                trace,
                s -> s.service().equals("insight-service")
                        && s.kind().equals("SPAN_KIND_CONSUMER")
                        && s.name().equals("evidence-events process"));
        assertThat(consumer.parentSpanId()).isEqualTo(created.spanId());
        assertThat(consumer.attributes()).containsEntry("pulse.event.type", "evidence.created");

        CollectedSpan write = only(trace, enrichmentWrite);
        assertThat(ancestors(write, byId)).contains(consumer.spanId(), created.spanId(), server.spanId());
        CollectedSpan enriched = only(trace, enrichedPublished);
        assertThat(ancestors(enriched, byId)).contains(consumer.spanId(), created.spanId(), server.spanId());

        // Every span of the trace hangs, link by link, from the caller's span: no hop started a trace of its own.
        for (CollectedSpan span : trace) {
            List<String> chain = ancestors(span, byId);
            assertThat(chain)
                    .as("ancestors of %s (%s)", span.name(), span.service())
                    .endsWith(callerSpanId);
        }
        assertThat(trace).extracting(CollectedSpan::service).contains("evidence-service", "insight-service");

        // No span attribute carries the caller's token.
        for (CollectedSpan span : trace) {
            assertThat(span.attributes().values())
                    .as("attributes of %s", span.name())
                    .noneMatch(value -> value.contains(token) || value.contains("Bearer "));
        }
    }

    /** The span ids above the span, nearest first, ending with the first id that is not in the trace. */
    private static List<String> ancestors(CollectedSpan span, Map<String, CollectedSpan> byId) {
        List<String> chain = new java.util.ArrayList<>();
        String parent = span.parentSpanId();
        while (!parent.isEmpty()) {
            chain.add(parent);
            CollectedSpan next = byId.get(parent);
            if (next == null) {
                break;
            }
            parent = next.parentSpanId();
        }
        return chain;
    }

    private static CollectedSpan only(List<CollectedSpan> spans, Predicate<CollectedSpan> which) {
        List<CollectedSpan> found = spans.stream().filter(which).toList();
        assertThat(found).as("matching spans among %s", names(spans)).hasSize(1);
        return found.get(0);
    }

    private static List<String> names(List<CollectedSpan> spans) {
        return spans.stream()
                .map(s -> s.service() + ":" + s.kind() + ":" + s.name())
                .toList();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
