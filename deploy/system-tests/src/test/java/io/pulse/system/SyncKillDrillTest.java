package io.pulse.system;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.system.PackagedStack.Service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault drill: sync-service is killed with SIGKILL in the middle of a job and started again. Nobody can finish a run
 * whose worker died, so the job must not stay {@code running}: once its heartbeat is older than
 * {@code pulse.sync.jobs.stale-after}, a reaper (the restarted instance's, or any replica's) fails it with a message
 * that says why and what happens next. The pages committed before the kill stay, once each; the next sync brings the
 * rest without duplicating any item or event, and every item is enriched once.
 */
class SyncKillDrillTest {

    private static final int ITEMS = 500;
    /**
     * The liveness settings of the restarted instance: production fails a dead worker's job after 5 minutes without a
     * heartbeat, looked for every minute; the drill waits seconds, with the heartbeat refreshed well within them.
     */
    private static final Map<String, String> QUICK_REAPER = Map.of(
            "pulse.sync.jobs.stale-after", "10s",
            "pulse.sync.jobs.heartbeat-interval", "2s",
            "pulse.sync.jobs.reaper-interval", "2s");

    @Test
    void aKillNineInTheMiddleOfAJobFailsItClearlyAndTheNextSyncCompletesIt() {
        DrillStack drills = DrillStack.get();
        PackagedStack stack = drills.services();
        DrillAccount account = new DrillAccount(stack);
        // Five pages of 100, 1.5 s apart.
        try (SimulatedGitLab gitlab =
                SimulatedGitLab.withMergeRequests("glpat-" + UUID.randomUUID(), ITEMS, Duration.ofMillis(1500))) {
            account.connect(gitlab);
            UUID job = account.requestSync();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> account.job(job).itemsProcessed() >= 200);
            long killed = System.nanoTime();
            stack.kill(Service.SYNC);
            DrillAccount.Job atKill = account.job(job);
            assertThat(atKill.status())
                    .as("the kill must land in the middle of the job")
                    .isEqualTo("running");
            assertThat(atKill.itemsProcessed()).isLessThan(ITEMS);

            stack.restart(Service.SYNC, QUICK_REAPER);
            long ready = System.nanoTime();
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> account.job(job).finished());
            long ended = System.nanoTime();
            Map<String, Object> seen = account.jobAsSeen(job);
            assertThat(seen.get("status")).isEqualTo("failed");
            assertThat((String) seen.get("error_message"))
                    .contains("its worker stopped")
                    .contains("the next run resumes from the last cursor");
            // What the dead run committed stays, once per source id, and nothing after its last page.
            int committed = account.job(job).itemsProcessed();
            assertThat(committed).isLessThan(ITEMS);
            assertThat(account.items()).isEqualTo(committed);

            UUID next = account.requestSync();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> account.job(next).finished());
            long completed = System.nanoTime();
            DrillAccount.Job resumed = account.job(next);
            assertThat(resumed.status()).isEqualTo("completed");
            assertThat(resumed.itemsCreated()).isEqualTo(ITEMS - committed);
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> account.enriched() == ITEMS);
            long allEnriched = System.nanoTime();

            DrillAccount.Delivery delivery = account.assertEveryItemEnrichedOnce(ITEMS);
            System.out.printf(
                    "DRILL sync-kill: sync-service killed (SIGKILL) after %d of %d items; restarted and ready %s after"
                            + " the kill; the job failed (stale heartbeat, stale-after 10 s) %s after the kill;"
                            + " the next sync completed %s after the kill, all %d items enriched %s after the kill;"
                            + " %d evidence records on the topic, %d of them redelivered (same event id), every item"
                            + " once%n",
                    committed,
                    ITEMS,
                    DrillStack.seconds(killed, ready),
                    DrillStack.seconds(killed, ended),
                    DrillStack.seconds(killed, completed),
                    ITEMS,
                    DrillStack.seconds(killed, allEnriched),
                    delivery.records(),
                    delivery.redelivered());
        }
    }
}
