package io.pulse.insight.enrichment.messaging;

import java.time.Duration;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.insight.enrichment.repository.EnrichmentRepository.Outcome;
import io.pulse.insight.enrichment.service.EnrichmentService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code pulse.evidence-events} (consumer group {@code insight-enrichment}) in batches (one poll) and
 * enriches created and updated evidence. A partition is read by one consumer and its batches are handled one after
 * the other, so one user's events apply in order. Transient failures are retried; a batch that keeps failing is
 * retried event by event so one bad item cannot hold back the others; an item that still fails is left without an
 * embedding and the background worker picks it up later.
 */
@ApplicationScoped
public class EvidenceEventsConsumer {

    private static final Logger LOG = Logger.getLogger(EvidenceEventsConsumer.class);

    private final EnrichmentService enrichment;
    private final MeterRegistry metrics;

    public EvidenceEventsConsumer(EnrichmentService enrichment, MeterRegistry metrics) {
        this.enrichment = enrichment;
        this.metrics = metrics;
    }

    @Incoming("evidence-events")
    public Uni<Void> consume(List<String> values) {
        return withRetries(Uni.createFrom().deferred(() -> enrichment.onEvents(values)))
                .onFailure()
                .recoverWithUni(e -> {
                    LOG.warnf("Enrichment of a batch of %d failed (%s); retrying event by event", values.size(), e);
                    return Multi.createFrom()
                            .iterable(values)
                            .onItem()
                            .transformToUniAndConcatenate(value -> withRetries(
                                            Uni.createFrom().deferred(() -> enrichment.onEvent(value)))
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
                            .map(ignored -> List.<Outcome>of());
                })
                .replaceWithVoid();
    }

    private static Uni<List<Outcome>> withRetries(Uni<List<Outcome>> work) {
        return work.onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .atMost(3);
    }
}
