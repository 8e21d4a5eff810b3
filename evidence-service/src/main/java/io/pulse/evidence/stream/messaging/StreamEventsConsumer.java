package io.pulse.evidence.stream.messaging;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.pulse.common.events.EventCodec;
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

    @Incoming("stream-events")
    public void onEvent(String value) {
        InboundEvents.decode(value, STREAMED).ifPresent(event -> {
            String json = EventCodec.toJson(event.envelope());
            hub.publish(new StreamEvent(
                    event.eventId().toString(), event.envelope().type(), event.userId(), json, Instant.now()));
            // A share concerns two people: the manager's stream shows it too (the event names them, nothing more).
            if (event.payload() instanceof SharePayload share) {
                hub.publish(new StreamEvent(
                        event.eventId().toString(), event.envelope().type(), share.managerId(), json, Instant.now()));
            }
        });
    }
}
