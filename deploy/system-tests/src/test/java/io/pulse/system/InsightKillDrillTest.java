package io.pulse.system;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.system.PackagedStack.Service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault drill: insight-service is killed with SIGKILL while it enriches 1,000 synced items, and started again. Its
 * uncommitted batches are lost with it and its consumers' offsets lag behind what it wrote; the restarted instance reads
 * those events again. Every item still ends up enriched exactly once in effect: the redelivered events are recognised
 * as handled (their ids were claimed in the transaction of the write), nothing is enriched twice, nothing is lost.
 */
class InsightKillDrillTest {

    private static final int ITEMS = 1000;

    @Test
    void aKillNineWhileEnrichingLeavesEveryItemEnrichedOnce() {
        DrillStack drills = DrillStack.get();
        PackagedStack stack = drills.services();
        DrillAccount account = new DrillAccount(stack);
        try (SimulatedGitLab gitlab =
                SimulatedGitLab.withMergeRequests("glpat-" + UUID.randomUUID(), ITEMS, Duration.ZERO)) {
            account.connect(gitlab);
            UUID job = account.requestSync();
            // In the middle: some items enriched, most still waiting.
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> account.enriched() >= ITEMS / 10);
            long killed = System.nanoTime();
            stack.kill(Service.INSIGHT);
            long enrichedAtKill = account.enriched();
            assertThat(enrichedAtKill)
                    .as("the kill must land in the middle of the enrichment")
                    .isLessThan(ITEMS);

            stack.restart(Service.INSIGHT, Map.of());
            long ready = System.nanoTime();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> account.enriched() > enrichedAtKill);
            long firstNew = System.nanoTime();
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> account.enriched() == ITEMS);
            long allEnriched = System.nanoTime();

            assertThat(account.job(job).status()).isEqualTo("completed");
            DrillAccount.Delivery delivery = account.assertEveryItemEnrichedOnce(ITEMS);
            System.out.printf(
                    "DRILL insight-kill: %d items, %d enriched when insight-service was killed (SIGKILL);"
                            + " restarted and ready %s after the kill; first new enrichment %s after the kill;"
                            + " all enriched %s after the kill, recovery %s from ready; the restarted instance read"
                            + " %.0f events it found already handled; %d evidence records on the topic, %d of them"
                            + " redelivered (same event id), every item enriched once%n",
                    ITEMS,
                    enrichedAtKill,
                    DrillStack.seconds(killed, ready),
                    DrillStack.seconds(killed, firstNew),
                    DrillStack.seconds(killed, allEnriched),
                    DrillStack.seconds(ready, allEnriched),
                    handledBefore(stack),
                    delivery.records(),
                    delivery.redelivered());
        }
    }

    /** Events the (restarted) instance's enrichment consumer skipped because their ids were already claimed. */
    private static double handledBefore(PackagedStack stack) {
        return given().get(stack.management(Service.INSIGHT) + "/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith("pulse_enrichment_events_total{") && l.contains("outcome=\"duplicate\""))
                // The value follows the labels; an exemplar (# {trace_id=...} value timestamp) may follow it.
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(l.indexOf("} ") + 2).split(" ")[0]))
                .sum();
    }
}
