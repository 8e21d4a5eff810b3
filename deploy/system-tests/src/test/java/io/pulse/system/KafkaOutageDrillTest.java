package io.pulse.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.pulse.common.events.EventType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault drill: the Kafka broker is killed (SIGKILL) in the middle of a sync and started again after an outage of
 * {@code -Dpulse.drill.kafka-outage=PT60S} (the 60 s by default; at least 30 s, longer than the rest of the
 * job, which the drill expects to end during the outage). The sync needs no broker once it runs: each
 * page's evidence and events are committed together in PostgreSQL, so the job completes during the outage and its
 * events wait in the outbox. When the broker is back, the relay publishes them, each item's events once in effect, and
 * insight-service enriches every item.
 */
class KafkaOutageDrillTest {

    private static final int ITEMS = 500;
    private static final Duration OUTAGE = Duration.parse(System.getProperty("pulse.drill.kafka-outage", "PT60S"));

    @Test
    void aBrokerOutageDuringASyncLosesAndDuplicatesNothing() throws InterruptedException {
        DrillStack drills = DrillStack.get();
        PackagedStack stack = drills.services();
        DrillAccount account = new DrillAccount(stack);
        // Five pages of 100, two seconds apart: the job runs on while the broker is gone.
        try (SimulatedGitLab gitlab =
                SimulatedGitLab.withMergeRequests("glpat-" + UUID.randomUUID(), ITEMS, Duration.ofSeconds(2))) {
            account.connect(gitlab);
            UUID job = account.requestSync();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> account.job(job).itemsProcessed() > 0);
            long stopped = System.nanoTime();
            drills.kafka().kill();
            assertThat(account.job(job).status())
                    .as("the broker must go while the job runs")
                    .isEqualTo("running");

            await("the job to finish while the broker is down")
                    .atMost(OUTAGE)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> account.job(job).finished());
            long finished = System.nanoTime();
            DrillAccount.Job during = account.job(job);
            assertThat(during.status()).as("the job, during the outage").isEqualTo("completed");
            assertThat(during.itemsCreated()).isEqualTo(ITEMS);
            assertThat(account.unpublished()).as("events waiting in the outbox").isPositive();
            // The outage lasts its full length whatever the job does meanwhile.
            Thread.sleep(Math.max(
                    0,
                    Duration.ofNanos(stopped + OUTAGE.toNanos() - System.nanoTime())
                            .toMillis()));

            long restarting = System.nanoTime();
            drills.kafka().up();
            long back = System.nanoTime();
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> account.unpublished() == 0);
            long published = System.nanoTime();
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> account.enriched() == ITEMS);
            long allEnriched = System.nanoTime();

            Map<String, Object> seen = account.jobAsSeen(job);
            assertThat(seen.get("status")).isEqualTo("completed");
            assertThat(seen.get("items_created")).isEqualTo(ITEMS);
            DrillAccount.Delivery delivery = account.assertEveryItemEnrichedOnce(ITEMS);
            // The job's own events were delivered too: its last word on the topic is that it completed.
            List<TopicLog.Event> jobEvents = TopicLog.read(
                            stack.bootstrapServers(),
                            stack.topicPrefix() + EventType.SYNC_JOB_UPDATED.topic(),
                            account.userId())
                    .stream()
                    .filter(e -> e.payload().path("jobId").asText().equals(job.toString()))
                    .toList();
            assertThat(jobEvents).isNotEmpty();
            assertThat(jobEvents
                            .get(jobEvents.size() - 1)
                            .payload()
                            .path("status")
                            .asText())
                    .isEqualTo("completed");
            System.out.printf(
                    "DRILL kafka-outage: broker killed (SIGKILL) during a %d-item sync and down %s; the job completed"
                            + " %s after the broker went, during the outage; broker serving again %s after the"
                            + " restart; recovery: all events published %s and all items enriched %s after the broker"
                            + " was back; %d evidence records on the topic, %d of them redelivered (same event id),"
                            + " every item enriched once%n",
                    ITEMS,
                    DrillStack.seconds(stopped, restarting),
                    DrillStack.seconds(stopped, finished),
                    DrillStack.seconds(restarting, back),
                    DrillStack.seconds(back, published),
                    DrillStack.seconds(back, allEnriched),
                    delivery.records(),
                    delivery.redelivered());
        }
    }
}
