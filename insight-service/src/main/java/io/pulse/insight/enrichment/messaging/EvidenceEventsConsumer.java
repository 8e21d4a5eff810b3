package io.pulse.insight.enrichment.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.StreamSupport;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.events.EventType;
import io.pulse.common.messaging.InboundEvent;
import io.pulse.common.messaging.InboundEvents;
import io.pulse.common.tracing.EventSpans;
import io.pulse.insight.enrichment.service.EnrichmentService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Consumes {@code pulse.evidence-events} (consumer group {@code insight-enrichment}) in batches (one poll) and
 * enriches created and updated evidence.
 *
 * <p>Batches are pipelined: a batch is read and computed (analysis and embedding, the expensive part) while the
 * batch before it is still being written, so the model does not wait for the database between batches. Writes of a
 * partition still apply one after the other, in offset order, so one user's events apply in order; at most one
 * write per partition is in flight next to the batch being computed. A batch is acknowledged once written, so the
 * committed offset never passes an unwritten event (throttled commits track each batch). The write re-checks what
 * the computation relied on (handled events, row versions) in its transaction, so computing ahead of the previous
 * write cannot apply anything twice or out of order.
 *
 * <p>An item that cannot be enriched never fails its batch: the service retries it alone a bounded number of times
 * and parks it as a dead letter. What is left to fail a batch is the infrastructure (database, model backend), so
 * the batch is retried with back-off; if it keeps failing it is retried event by event, and an item that still fails
 * is left without an embedding for the background worker.
 */
@ApplicationScoped
public class EvidenceEventsConsumer {

    private static final Logger LOG = Logger.getLogger(EvidenceEventsConsumer.class);
    private static final Set<EventType> ENRICHED_TYPES = Set.of(EventType.EVIDENCE_CREATED, EventType.EVIDENCE_UPDATED);

    private final EnrichmentService enrichment;
    private final MeterRegistry metrics;
    private final EventSpans spans;
    /** Per partition, the last write started (completed normally even when its work failed). */
    private final Map<TopicPartition, CompletableFuture<Void>> writes = new ConcurrentHashMap<>();

    public EvidenceEventsConsumer(EnrichmentService enrichment, MeterRegistry metrics, EventSpans spans) {
        this.enrichment = enrichment;
        this.metrics = metrics;
        this.spans = spans;
    }

    /**
     * Completes once this batch is computed and the previous writes of its partitions have landed; its own write
     * goes on, and acknowledges the batch when done.
     */
    @Incoming("evidence-events")
    @SuppressWarnings("unchecked")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        IncomingKafkaRecordBatchMetadata<String, String> metadata =
                batch.getMetadata(IncomingKafkaRecordBatchMetadata.class).orElseThrow();
        List<InboundEvent> events = StreamSupport.stream(metadata.getRecords().spliterator(), false)
                .map(record -> InboundEvents.decode(record, ENRICHED_TYPES))
                .flatMap(Optional::stream)
                .toList();
        List<CompletableFuture<Void>> earlier = metadata.partitions().stream()
                .map(writes::get)
                .filter(Objects::nonNull)
                .toList();
        CompletableFuture<Void> previous = CompletableFuture.allOf(earlier.toArray(CompletableFuture[]::new));
        CompletableFuture<Void> computed = new CompletableFuture<>();
        CompletableFuture<Void> written = new CompletableFuture<>();
        metadata.partitions().forEach(partition -> writes.put(partition, written));
        Executor here = onThisContext();
        Uni<Void> work = events.isEmpty()
                ? Uni.createFrom().completionStage(previous).invoke(() -> computed.complete(null))
                : spans.process("evidence-events", events, () -> enrich(events, previous, computed, here));
        work.onTermination()
                .call(() -> Uni.createFrom().completionStage(batch.ack()))
                .subscribe()
                .with(ignored -> forget(metadata, written), failure -> {
                    computed.complete(null);
                    forget(metadata, written);
                    LOG.errorf(failure, "Enrichment of a batch of %d stopped unexpectedly", events.size());
                });
        return Uni.combine()
                .all()
                .unis(
                        Uni.createFrom().completionStage(computed),
                        Uni.createFrom().completionStage(previous))
                .discardItems();
    }

    private void forget(IncomingKafkaRecordBatchMetadata<String, String> metadata, CompletableFuture<Void> written) {
        metadata.partitions().forEach(partition -> writes.remove(partition, written));
        written.complete(null);
    }

    /** Computes, then writes once the previous writes of the same partitions are done, on the batch's context. */
    private Uni<Void> enrich(
            List<InboundEvent> events,
            CompletableFuture<Void> previous,
            CompletableFuture<Void> computed,
            Executor here) {
        Uni<Void> afterPrevious = Uni.createFrom().completionStage(previous).emitOn(here);
        return withRetries(Uni.createFrom().deferred(() -> enrichment.prepare(events)))
                .onTermination()
                .invoke(() -> computed.complete(null))
                .chain(prepared -> afterPrevious.chain(
                        () -> withRetries(Uni.createFrom().deferred(() -> enrichment.write(prepared)))))
                .replaceWithVoid()
                .onFailure()
                .recoverWithUni(e -> afterPrevious.chain(() -> oneByOne(events, e)));
    }

    /** The fallback after a batch kept failing: each event alone, in order, read, computed and written. */
    private Uni<Void> oneByOne(List<InboundEvent> events, Throwable batchFailure) {
        LOG.warnf("Enrichment of a batch of %d failed (%s); retrying event by event", events.size(), batchFailure);
        return Multi.createFrom()
                .iterable(events)
                .onItem()
                .transformToUniAndConcatenate(event -> withRetries(
                                Uni.createFrom().deferred(() -> enrichment.onEvents(List.of(event))))
                        .onFailure()
                        .recoverWithItem(failure -> {
                            metrics.counter("pulse.enrichment.failures").increment();
                            LOG.errorf(
                                    failure, "Enrichment failed for good; the background worker will retry the item");
                            return List.of();
                        }))
                .onItem()
                .ignoreAsUni();
    }

    /**
     * Runs tasks on the calling Vert.x context (the batch's, which carries its trace), so the write's database
     * calls and the events it appends belong to this batch's span whichever thread finished the previous write.
     */
    private static Executor onThisContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }

    private static <T> Uni<T> withRetries(Uni<T> work) {
        return work.onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .atMost(3);
    }
}
