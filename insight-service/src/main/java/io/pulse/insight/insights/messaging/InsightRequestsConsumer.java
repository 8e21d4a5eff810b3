package io.pulse.insight.insights.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.events.EventType;
import io.pulse.common.messaging.InboundEvent;
import io.pulse.common.messaging.InboundEvents;
import io.pulse.common.tracing.EventSpans;
import io.pulse.insight.insights.service.InsightGenerationService;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code pulse.insight-requests} (consumer group {@code insight-generation}) and generates insights; a
 * request whose generation keeps failing is recorded as failed.
 */
@ApplicationScoped
public class InsightRequestsConsumer {

    private static final Logger LOG = Logger.getLogger(InsightRequestsConsumer.class);

    private final InsightGenerationService generation;
    private final MeterRegistry metrics;
    private final EventSpans spans;

    public InsightRequestsConsumer(InsightGenerationService generation, MeterRegistry metrics, EventSpans spans) {
        this.generation = generation;
        this.metrics = metrics;
        this.spans = spans;
    }

    @Incoming("insight-requests")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        Optional<InboundEvent> event = InboundEvents.decode(record, Set.of(EventType.INSIGHTS_REQUESTED));
        if (event.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return spans.process("insight-requests", List.of(event.get()), () -> generate(event));
    }

    private Uni<Void> generate(Optional<InboundEvent> event) {
        return Uni.createFrom()
                .deferred(() -> generation.onRequest(event.get()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .atMost(3)
                .onFailure()
                .recoverWithUni(e -> {
                    metrics.counter("pulse.insights.generation.failures").increment();
                    LOG.errorf(e, "Insight generation failed for good");
                    // The owner sees the request as failed (and the stream says so).
                    return generation
                            .fail(event.get())
                            .onFailure()
                            .invoke(f -> LOG.warnf(
                                    "Could not record the failure of insight request %s: %s",
                                    event.get().eventId(), f.getMessage()))
                            .onFailure()
                            .recoverWithNull()
                            .replaceWith(0);
                })
                .replaceWithVoid();
    }
}
