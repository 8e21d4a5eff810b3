package io.pulse.evidence.stream.consumer;

import java.time.Instant;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.evidence.stream.service.StreamEvent;
import io.pulse.evidence.stream.service.StreamHub;

/**
 * Feeds the stream hub from the evidence, insight and sync-job topics. Every instance reads every event (its
 * consumer group is unique to the instance and starts at the latest offset): the stream is live, not a history.
 */
@ApplicationScoped
public class StreamEventsConsumer {

    private static final Logger LOG = Logger.getLogger(StreamEventsConsumer.class);

    private final StreamHub hub;

    public StreamEventsConsumer(StreamHub hub) {
        this.hub = hub;
    }

    @Incoming("stream-events")
    public void onEvent(String value) {
        EventEnvelope envelope;
        try {
            envelope = EventCodec.fromJson(value);
        } catch (EventCodec.MalformedEventException e) {
            // Never log the value: it may carry a user's data.
            LOG.warn("Skipping a record that is not an event envelope");
            return;
        }
        hub.publish(new StreamEvent(
                envelope.eventId().toString(),
                envelope.type(),
                envelope.userId(),
                EventCodec.toJson(envelope),
                Instant.now()));
    }
}
