package io.pulse.insight.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.pulse.common.testing.PulseTestResource;
import io.pulse.insight.enrichment.service.EnrichmentService;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Benchmark, not a test (run with {@code -Pbench -Dtest=EnrichmentLatencyBenchmark}): the end-to-end latency
 * histogram {@code pulse.enrichment.latency} (evidence written to enrichment committed) over a run of
 * {@code bench.latency.items} (default 1,000) items, written as a steady stream of small transactions (default 20
 * items every 500 ms), through the outbox relay, the real broker, analysis, embedding and the guarded write. Prints
 * the histogram's buckets (as Prometheus would scrape them) and the percentiles they bound.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class EnrichmentLatencyBenchmark {

    @Inject
    MeterRegistry metrics;

    @Test
    void run() throws Exception {
        int n = Integer.getInteger("bench.latency.items", 1_000);
        int perTransaction = Integer.getInteger("bench.latency.batch", 20);
        long pauseMillis = Long.getLong("bench.latency.pause-ms", 500);
        // The timer is registered with the enrichment service, which is created on the first event; a fresh boot
        // reads its topics from the end, so before this run it counted nothing.
        Timer existing = metrics.find(EnrichmentService.LATENCY).timer();
        HistogramSnapshot before = existing == null ? HistogramSnapshot.empty(0, 0, 0) : existing.takeSnapshot();

        TestData.User user = TestData.user(false);
        Instant at = Instant.now().minus(Duration.ofDays(1));
        long t0 = System.nanoTime();
        for (int written = 0; written < n; written += perTransaction) {
            List<String[]> texts = new ArrayList<>();
            for (int i = written; i < Math.min(n, written + perTransaction); i++) {
                texts.add(new String[] {
                    "Latency run item " + i,
                    "Reduced the p99 of checkout step " + i + " by batching the inventory lookups.",
                    "manual"
                });
            }
            TestData.createMany(user, texts, at);
            Thread.sleep(pauseMillis);
        }
        double writeSeconds = (System.nanoTime() - t0) / 1e9;
        await().atMost(Duration.ofMinutes(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Timer t = metrics.find(EnrichmentService.LATENCY).timer();
                    return t != null && t.count() - before.count() >= n;
                });
        HistogramSnapshot after =
                metrics.find(EnrichmentService.LATENCY).timer().takeSnapshot();

        long count = after.count() - before.count();
        System.out.printf(
                "=== pulse.enrichment.latency: %d items written in %.1f s (%d per transaction, %d ms apart) ===%n",
                n, writeSeconds, perTransaction, pauseMillis);
        System.out.printf(
                "count %d, mean %.0f ms, max %.0f ms (max is the registry's recent-window max)%n",
                count,
                (after.total(TimeUnit.MILLISECONDS) - before.total(TimeUnit.MILLISECONDS)) / count,
                after.max(TimeUnit.MILLISECONDS));
        CountAtBucket[] now = after.histogramCounts();
        CountAtBucket[] then = before.histogramCounts();
        double previous = 0;
        double[] quantiles = {0.5, 0.9, 0.95, 0.99, 1.0};
        double[] bounds = new double[quantiles.length];
        java.util.Arrays.fill(bounds, Double.NaN);
        System.out.println("le (ms)      cumulative   in bucket");
        for (int i = 0; i < now.length; i++) {
            double cumulative = now[i].count() - (i < then.length ? then[i].count() : 0);
            if (cumulative > previous) {
                System.out.printf(
                        "%10.0f  %10.0f  %10.0f%n",
                        now[i].bucket(TimeUnit.MILLISECONDS), cumulative, cumulative - previous);
            }
            for (int q = 0; q < quantiles.length; q++) {
                if (Double.isNaN(bounds[q]) && cumulative >= quantiles[q] * count) {
                    bounds[q] = now[i].bucket(TimeUnit.MILLISECONDS);
                }
            }
            previous = cumulative;
        }
        for (int q = 0; q < quantiles.length; q++) {
            System.out.printf("p%.0f <= %.0f ms%n", quantiles[q] * 100, bounds[q]);
        }
        assertThat(count).isGreaterThanOrEqualTo(n);
        TestData.query("delete from profiles where id = ? returning id", user.id());
    }
}
