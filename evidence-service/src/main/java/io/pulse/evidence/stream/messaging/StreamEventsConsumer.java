package io.pulse.evidence.stream.messaging;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.pulse.common.events.EventType;
import io.pulse.common.events.SharePayload;
import io.pulse.common.messaging.InboundEvents;
import io.pulse.evidence.stream.service.StreamEvent;
import io.pulse.evidence.stream.service.StreamHub;

/**
 * Feeds the stream hub from the evidence, insight, sync-job and share topics. Every instance reads every event (its
 * consumer group is unique to the instance and starts at the latest offset): the stream is live, not a history.
 */
@ApplicationScoped
public class StreamEventsConsumer {

    /** What an owner sees live: every event of the topics this channel reads (a manager also sees shares to them). */
    private static final Set<EventType> STREAMED = EnumSet.of(
            EventType.EVIDENCE_CREATED,
            EventType.EVIDENCE_UPDATED,
            EventType.EVIDENCE_DELETED,
            EventType.EVIDENCE_ENRICHED,
            EventType.INSIGHT_CREATED,
            EventType.INSIGHT_UPDATED,
            EventType.INSIGHT_GENERATION_UPDATED,
            EventType.SYNC_JOB_UPDATED,
            EventType.SHARE_GRANTED,
            EventType.SHARE_REVOKED);

    private final StreamHub hub;

    public StreamEventsConsumer(StreamHub hub) {
        this.hub = hub;
    }

    /**
     * One poll at a time: every instance reads every event of four topics, so the per-record cost of the messaging
     * pipeline counted (about 2 ms of CPU per synced item during an ingestion, BENCHMARKS.md).
     */
    @Incoming("stream-events")
    public void onEvents(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            onEvent(record.value());
        }
    }

    private void onEvent(String value) {
        InboundEvents.decode(value, STREAMED).ifPresent(event -> {
            // The record is the envelope as it was published: streamed as it is, not encoded a second time.
            hub.publish(new StreamEvent(
                    event.eventId().toString(), event.envelope().type(), event.userId(), value, Instant.now()));
            // A share concerns two people: the manager's stream shows it too (the event names them, nothing more).
            if (event.payload() instanceof SharePayload share) {
                hub.publish(new StreamEvent(
                        event.eventId().toString(), event.envelope().type(), share.managerId(), value, Instant.now()));
            }
        });
    }
}
