package io.pulse.sync.tracing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.pulse.common.testing.InMemorySpans;
import io.pulse.common.testing.LogCapture;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTokens;
import io.pulse.common.tracing.SpanAttributes;
import io.pulse.common.tracing.TraceContext;
import io.pulse.sync.metrics.SyncMetrics;
import io.pulse.sync.testing.Fixtures;
import io.pulse.sync.testing.GitLabStubs;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static io.pulse.sync.testing.GitLabStubs.ME;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sync is one trace: the request, the {@code sync.requested} event through the outbox and Kafka, the consumer, the
 * worker's run, its calls to (WireMock) GitLab, its page upserts, and the evidence events those pages append, which
 * store the same trace for enrichment. No span attribute and no log line carries the GitLab token or the caller's
 * bearer token, the worker's log lines carry the trace id, and the requested-to-completed histogram counts the run.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class SyncTracingTest {

    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer server;
    private static GitLabStubs gitlab;

    @Inject
    MeterRegistry metrics;

    @BeforeAll
    static void start() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        gitlab = new GitLabStubs(server, TOKEN);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aSyncIsOneTraceFromTheRequestToTheEventsOfItsPages() throws Exception {
        String subject = TestTokens.newSubject();
        String jwt = TestTokens.individual(subject);
        gitlab.user();
        SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
        UUID userId = SyncApi.userId(subject);
        String recent = Instant.now()
                .minus(30, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.MILLIS)
                .toString();
        ObjectNode mr = Fixtures.mergeRequest(201, 1, "Trace the sync pipeline", ME, recent);
        gitlab.authored(List.of(List.of(mr)));
        gitlab.commits(201, 1, List.of(Fixtures.commit("ab12cd34", "Add spans to the sync worker")));
        gitlab.reviewed(List.of(List.of()));
        gitlab.noEvents();
        Timer latency = metrics.find(SyncMetrics.REQUESTED_TO_COMPLETED)
                .tag("source", "gitlab")
                .timer();
        long completedBefore = latency == null ? 0 : latency.count();

        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(random(16));
        String callerSpanId = hex.formatHex(random(8));
        Map<String, Object> job;
        List<String> logLines;
        try (LogCapture logs = LogCapture.start()) {
            String id = given().auth()
                    .oauth2(jwt)
                    .header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                    .contentType(ContentType.JSON)
                    .body(Map.of("source", "gitlab"))
                    .post("/api/v1/sync-jobs")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            job = SyncApi.awaitEnd(jwt, id);
            logLines = logs.lines();
        }
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");

        SpanData run = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> spans(traceId).stream()
                                .filter(s -> s.getName().equals("sync job gitlab"))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        Map<String, SpanData> byId = new HashMap<>();
        spans(traceId).forEach(s -> byId.put(s.getSpanId(), s));

        SpanData server =
                only(traceId, s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/api/v1/sync-jobs"));
        assertThat(server.getParentSpanId()).isEqualTo(callerSpanId);
        SpanData producer = only(
                traceId,
                s -> s.getKind() == SpanKind.PRODUCER
                        && "sync.requested".equals(s.getAttributes().get(SpanAttributes.EVENT_TYPE)));
        assertThat(ancestors(producer, byId)).contains(server.getSpanId());
        SpanData consumer = only(
                traceId, s -> s.getKind() == SpanKind.CONSUMER && s.getName().equals("sync-requests process"));
        assertThat(consumer.getParentSpanId()).isEqualTo(producer.getSpanId());
        assertThat(ancestors(run, byId)).contains(consumer.getSpanId(), producer.getSpanId(), server.getSpanId());
        assertThat(run.getAttributes().get(SpanAttributes.JOB_ID)).isEqualTo(job.get("id"));
        assertThat(run.getAttributes().get(SpanAttributes.ITEM_COUNT)).isEqualTo(1L);
        assertThat(run.getAttributes().get(SpanAttributes.USER_HASH)).isEqualTo(SpanAttributes.userHash(userId));

        // The calls to GitLab and the page upserts are children of the run.
        List<SpanData> calls = spans(traceId).stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT && s.getName().equals("GET gitlab"))
                .toList();
        assertThat(calls).isNotEmpty().allSatisfy(call -> {
            assertThat(call.getParentSpanId()).isEqualTo(run.getSpanId());
            assertThat(call.getAttributes().asMap().keySet().stream().map(Object::toString))
                    .contains("url.path", "http.response.status_code")
                    .doesNotContain("url.full", "url.query");
        });
        assertThat(spans(traceId)).anySatisfy(s -> {
            assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(ancestors(s, byId)).contains(run.getSpanId());
            assertThat(String.valueOf(
                            s.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("db.statement"))))
                    .contains("evidence");
        });

        // The page's evidence event stores the sync's trace: enrichment continues it.
        try (Connection c = TestDatabase.connect(TestDatabase.Role.OWNER);
                PreparedStatement ps = c.prepareStatement("select traceparent, tracestate from outbox"
                        + " where user_id = ? and event_type = 'evidence.created'")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(new TraceContext(rs.getString(1), rs.getString(2)).traceId())
                        .isEqualTo(traceId);
            }
        }

        // Neither the GitLab token nor the caller's bearer token is in a span or a log line.
        for (SpanData span : spans(traceId)) {
            span.getAttributes()
                    .forEach((key, value) -> assertThat(String.valueOf(value))
                            .as("%s of %s", key, span.getName())
                            .doesNotContain(TOKEN)
                            .doesNotContain(jwt)
                            .doesNotContain(userId.toString()));
        }
        assertThat(logLines).isNotEmpty().noneMatch(line -> line.contains(TOKEN) || line.contains(jwt));
        // The worker's log lines carry the trace id: an operator goes from the line to the trace.
        assertThat(logLines).anyMatch(line -> line.contains("[trace=" + traceId + "]") && line.contains("completed"));

        Timer after = metrics.find(SyncMetrics.REQUESTED_TO_COMPLETED)
                .tag("source", "gitlab")
                .timer();
        assertThat(after).isNotNull();
        assertThat(after.count()).isGreaterThan(completedBefore);
    }

    private static List<SpanData> spans(String traceId) {
        return InMemorySpans.all().stream()
                .filter(s -> s.getTraceId().equals(traceId))
                .toList();
    }

    private static SpanData only(String traceId, java.util.function.Predicate<SpanData> which) {
        List<SpanData> found = spans(traceId).stream().filter(which).toList();
        assertThat(found)
                .as("among %s", spans(traceId).stream().map(SpanData::getName).toList())
                .hasSize(1);
        return found.get(0);
    }

    private static List<String> ancestors(SpanData span, Map<String, SpanData> byId) {
        List<String> chain = new ArrayList<>();
        String parent = span.getParentSpanId();
        while (span.getParentSpanContext().isValid()) {
            chain.add(parent);
            span = byId.get(parent);
            if (span == null) {
                break;
            }
            parent = span.getParentSpanId();
        }
        return chain;
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
