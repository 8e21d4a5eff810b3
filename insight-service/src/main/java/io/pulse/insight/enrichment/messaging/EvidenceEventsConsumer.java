package io.pulse.insight.enrichment.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.events.EventType;
import io.pulse.common.messaging.InboundEvent;
import io.pulse.common.messaging.InboundEvents;
import io.pulse.common.tracing.EventSpans;
import io.pulse.insight.enrichment.service.EnrichmentOutcome;
import io.pulse.insight.enrichment.service.EnrichmentService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code pulse.evidence-events} (consumer group {@code insight-enrichment}) in batches (one poll) and
 * enriches created and updated evidence. A partition is read by one consumer and its batches are handled one after
 * the other, so one user's events apply in order. An item that cannot be enriched never fails its batch: the
 * service retries it alone a bounded number of times and parks it as a dead letter. What is left to fail a batch is
 * the infrastructure (database, model backend), so the batch is retried with back-off; if it keeps failing it is
 * retried event by event, and an item that still fails is left without an embedding for the background worker.
 */
@ApplicationScoped
public class EvidenceEventsConsumer {

    private static final Logger LOG = Logger.getLogger(EvidenceEventsConsumer.class);
    private static final Set<EventType> ENRICHED_TYPES = Set.of(EventType.EVIDENCE_CREATED, EventType.EVIDENCE_UPDATED);

    private final EnrichmentService enrichment;
    private final MeterRegistry metrics;
    private final EventSpans spans;

    public EvidenceEventsConsumer(EnrichmentService enrichment, MeterRegistry metrics, EventSpans spans) {
        this.enrichment = enrichment;
        this.metrics = metrics;
        this.spans = spans;
    }

    @Incoming("evidence-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<InboundEvent> events = StreamSupport.stream(records.spliterator(), false)
                .map(record -> InboundEvents.decode(record, ENRICHED_TYPES))
                .flatMap(Optional::stream)
                .toList();
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return spans.process("evidence-events", events, () -> enrich(events));
    }

    private Uni<Void> enrich(List<InboundEvent> events) {
        return withRetries(Uni.createFrom().deferred(() -> enrichment.onEvents(events)))
                .onFailure()
                .recoverWithUni(e -> {
                    LOG.warnf("Enrichment of a batch of %d failed (%s); retrying event by event", events.size(), e);
                    return Multi.createFrom()
                            .iterable(events)
                            .onItem()
                            .transformToUniAndConcatenate(event -> withRetries(
                                            Uni.createFrom().deferred(() -> enrichment.onEvents(List.of(event))))
                                    .onFailure()
                                    .recoverWithItem(failure -> {
                                        metrics.counter("pulse.enrichment.failures")
                                                .increment();
                                        LOG.errorf(
                                                failure,
                                                "Enrichment failed for good; the background worker will retry"
                                                        + " the item");
                                        return List.of();
                                    }))
                            .collect()
                            .asList()
                            .map(ignored -> List.<EnrichmentOutcome>of());
                })
                .replaceWithVoid();
    }

    private static Uni<List<EnrichmentOutcome>> withRetries(Uni<List<EnrichmentOutcome>> work) {
        return work.onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .atMost(3);
    }
}
