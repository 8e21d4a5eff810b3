package io.pulse.sync.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestTokens;
import io.pulse.sync.metrics.SyncMetrics;
import io.pulse.sync.testing.Fixtures;
import io.pulse.sync.testing.GitLabStubs;
import io.pulse.sync.testing.SyncApi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.pulse.sync.testing.GitLabStubs.ME;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not part of the normal test run (the name does not match surefire's patterns): ingests 10,000 simulated merged MRs
 * (100 pages of 100, each with its commits fetched) from WireMock end to end: POST the job, Kafka, worker, HTTP,
 * evidence + outbox. Prints items/s and the split reported in the job's metadata. Run with
 * {@code mvn -pl sync-service verify -Dtest=GitLabIngestBench -Dbench.items=10000}.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class GitLabIngestBench {

    private static final String TOKEN = "glpat-" + UUID.randomUUID().toString().replace("-", "");
    private static WireMockServer server;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void start() {
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(32)
                .disableRequestJournal());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void ingest() {
        int items = Integer.getInteger("bench.items", 10_000);
        GitLabStubs gitlab = new GitLabStubs(server, TOKEN);
        gitlab.user();
        Instant base = Instant.now().minus(30, ChronoUnit.DAYS);
        List<List<ObjectNode>> pages = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            if (i % 100 == 0) {
                pages.add(new ArrayList<>());
            }
            ObjectNode mr = Fixtures.mergeRequest(
                    300 + i / 1000,
                    i + 1,
                    "Benchmark change " + i,
                    ME,
                    base.plusSeconds(i * 60L).toString());
            pages.get(pages.size() - 1).add(mr);
        }
        gitlab.authored(pages);
        gitlab.reviewed(List.of(List.of()));
        server.stubFor(get(urlPathMatching("/api/v4/projects/.*/commits"))
                .willReturn(GitLabStubs.page(List.of(
                                Fixtures.commit("aa11bb22", "Implement the change"),
                                Fixtures.commit("cc33dd44", "Add tests")))
                        .withHeader("X-Next-Page", "")));

        String subject = TestTokens.newSubject();
        String jwt = TestTokens.individual(subject);
        SyncApi.connectGitLab(jwt, gitlab.baseUrl(), TOKEN);
        Map<String, Double> before = timers();
        long start = System.nanoTime();
        Map<String, Object> job = SyncApi.syncAndWait(jwt, "gitlab");
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        assertThat(job.get("status")).as(String.valueOf(job)).isEqualTo("completed");
        assertThat(job.get("items_created")).isEqualTo(items);
        assertThat(SyncApi.evidence(SyncApi.userId(subject))).hasSize(items);

        Map<?, ?> metadata = (Map<?, ?>) job.get("metadata");
        Map<String, Double> after = timers();
        StringBuilder spent = new StringBuilder();
        after.forEach((name, ms) -> spent.append(String.format(" %s=%.0f", name, ms - before.getOrDefault(name, 0.0))));
        System.out.printf(
                "%nBENCH gitlab ingest: %d items in %d ms end to end = %.0f items/s%n"
                        + "BENCH job metadata: http_requests=%s events=%s%n"
                        + "BENCH timers (ms):%s%n"
                        + "BENCH note: http time is summed over concurrent per-MR requests, so it can exceed wall time%n",
                items,
                wall.toMillis(),
                items * 1000.0 / wall.toMillis(),
                metadata.get("http_requests"),
                metadata.get("events"),
                spent);
    }

    /** Total time so far of every sync timer, by name and tags (the process may have run other jobs before). */
    private Map<String, Double> timers() {
        Map<String, Double> totals = new TreeMap<>();
        for (String name : List.of(SyncMetrics.HTTP_REQUESTS, SyncMetrics.HTTP_WAITS, SyncMetrics.DB_WRITES)) {
            for (Timer timer : registry.find(name).timers()) {
                String tags = timer.getId().getTags().stream()
                        .map(t -> t.getKey() + ":" + t.getValue())
                        .collect(Collectors.joining(","));
                totals.put(name + "{" + tags + "}", timer.totalTime(TimeUnit.MILLISECONDS));
            }
        }
        return totals;
    }
}
