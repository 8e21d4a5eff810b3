package io.pulse.insight.enrichment.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventType;
import io.pulse.common.events.EvidencePayload;
import io.pulse.common.messaging.InboundEvent;
import io.pulse.common.tracing.EventSpans;
import io.pulse.insight.enrichment.service.EnrichmentOutcome;
import io.pulse.insight.enrichment.service.EnrichmentService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer's fallback when a batch keeps failing for a reason outside its items (the database or the model
 * backend): after the batch's retries it handles the events one by one, in offset order; an event that still fails
 * is counted and left to the background worker, the others are written, and the batch is acknowledged only after
 * all of that. The service is replaced by one that fails on demand, so the test needs no database or broker; the
 * consumer's pipelining against a real database and broker is {@code EnrichmentOrderingTest}'s.
 */
class EvidenceEventsConsumerTest {

    private static final TopicPartition PARTITION = new TopicPartition("pulse.evidence-events", 0);

    @Test
    void aBatchThatKeepsFailingIsHandledEventByEventAndAcknowledgedAfterwards() {
        List<InboundEvent> events = List.of(event("first"), event("broken"), event("third"));
        UUID broken = events.get(1).eventId();
        FailingEnrichment enrichment = new FailingEnrichment(broken);
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        EvidenceEventsConsumer consumer = new EvidenceEventsConsumer(
                enrichment, metrics, new EventSpans(OpenTelemetry.noop().getTracer("test")));
        FakeBatch batch = new FakeBatch(events, enrichment.written);

        consumer.consume(batch).await().atMost(Duration.ofSeconds(30));
        batch.acknowledged.orTimeout(30, TimeUnit.SECONDS).join();

        // The batch was tried once and retried three times before falling back.
        assertThat(enrichment.batchAttempts).hasValue(4);
        // Every event alone, in order; the broken one tried and retried, the others written once each.
        assertThat(enrichment.singles)
                .containsExactly(
                        events.get(0).eventId(),
                        broken,
                        broken,
                        broken,
                        broken,
                        events.get(2).eventId());
        assertThat(enrichment.written)
                .containsExactly(events.get(0).eventId(), events.get(2).eventId());
        assertThat(metrics.counter("pulse.enrichment.failures").count()).isEqualTo(1.0);
        // Acknowledged once, after the last write.
        assertThat(batch.acks).hasValue(1);
        assertThat(batch.writtenWhenAcknowledged).isEqualTo(2);
    }

    private static InboundEvent event(String title) {
        UUID userId = UUID.randomUUID();
        EvidencePayload payload =
                new EvidencePayload(UUID.randomUUID(), 1, "manual", title, null, List.of(), Instant.now());
        var envelope = EventCodec.envelope(EventType.EVIDENCE_CREATED, userId, payload);
        return new InboundEvent(envelope, EventType.EVIDENCE_CREATED);
    }

    /** A service whose batches always fail, and whose single events fail only for the broken one. */
    private static final class FailingEnrichment extends EnrichmentService {

        final AtomicInteger batchAttempts = new AtomicInteger();
        final List<UUID> singles = Collections.synchronizedList(new ArrayList<>());
        final List<UUID> written = Collections.synchronizedList(new ArrayList<>());
        private final UUID broken;

        FailingEnrichment(UUID broken) {
            super(null, null, null, null, null, null, new SimpleMeterRegistry(), null);
            this.broken = broken;
        }

        @Override
        public Uni<Prepared> prepare(List<InboundEvent> events) {
            batchAttempts.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("connection refused"));
        }

        @Override
        public Uni<List<EnrichmentOutcome>> onEvents(List<InboundEvent> events) {
            UUID eventId = events.get(0).eventId();
            singles.add(eventId);
            if (eventId.equals(broken)) {
                return Uni.createFrom().failure(new IllegalStateException("model backend answered 503"));
            }
            written.add(eventId);
            return Uni.createFrom().item(List.of(EnrichmentOutcome.ENRICHED));
        }
    }

    /** One poll of a partition, as the connector hands it over, recording its acknowledgement. */
    private static final class FakeBatch implements KafkaRecordBatch<String, String> {

        final AtomicInteger acks = new AtomicInteger();
        final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        volatile int writtenWhenAcknowledged = -1;
        private final List<String> payload;
        private final Metadata metadata;
        private final List<UUID> written;

        FakeBatch(List<InboundEvent> events, List<UUID> written) {
            this.written = written;
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                InboundEvent event = events.get(i);
                records.add(new ConsumerRecord<>(
                        PARTITION.topic(),
                        PARTITION.partition(),
                        i,
                        event.userId().toString(),
                        EventCodec.toJson(event.envelope())));
            }
            this.payload = records.stream().map(ConsumerRecord::value).toList();
            this.metadata = Metadata.of(new IncomingKafkaRecordBatchMetadata<>(
                    new ConsumerRecords<>(Map.of(PARTITION, records)), "evidence-events", Map.of()));
        }

        @Override
        public List<String> getPayload() {
            return payload;
        }

        @Override
        public Metadata getMetadata() {
            return metadata;
        }

        @Override
        public CompletionStage<Void> ack(Metadata ignored) {
            acks.incrementAndGet();
            writtenWhenAcknowledged = written.size();
            acknowledged.complete(null);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> ack() {
            return ack(Metadata.empty());
        }

        @Override
        public List<KafkaRecord<String, String>> getRecords() {
            throw new UnsupportedOperationException("the consumer reads the records from the batch's metadata");
        }

        @Override
        public Map<TopicPartition, KafkaRecord<String, String>> getLatestOffsetRecords() {
            throw new UnsupportedOperationException("the consumer acknowledges the batch as a whole");
        }

        @Override
        public Iterator<KafkaRecord<String, String>> iterator() {
            return getRecords().iterator();
        }
    }
}
