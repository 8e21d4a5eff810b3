package io.pulse.evidence.stream.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.evidence.config.EvidenceConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Fans events out to the connected streams of their owner, in this instance's memory.
 *
 * <p>Each user has a channel: the emitters of that user's open streams and a bounded replay buffer (the last
 * {@code replay-events} events, at most {@code replay-age} old). Publishing and attaching hold the channel's lock, so
 * a stream that reconnects with Last-Event-ID gets the replay and then the live events with nothing lost or
 * reordered between the two. A stream only ever sees its own user's channel.
 */
@ApplicationScoped
public class StreamHub {

    private final Map<UUID, Channel> channels = new ConcurrentHashMap<>();
    private final EvidenceConfig.Stream config;
    private final Clock clock = Clock.systemUTC();

    public StreamHub(EvidenceConfig config, MeterRegistry registry) {
        this.config = config.stream();
        registry.gaugeMapSize("pulse.stream.users", List.of(), channels);
        registry.gauge("pulse.stream.clients", List.of(), this, StreamHub::clients);
    }

    /** Delivers the event to its owner's open streams and keeps it for replay. */
    /** An erased account: its replay buffer goes (issue 18: no in-memory copy outlives an erasure). */
    void forget(@jakarta.enterprise.event.Observes io.pulse.common.messaging.ProfileErasures.Erased erased) {
        channels.remove(erased.profileId());
    }

    public void publish(StreamEvent event) {
        Channel channel = channels.computeIfAbsent(event.userId(), id -> new Channel());
        synchronized (channel) {
            channel.buffer.addLast(event);
            trim(channel);
            for (MultiEmitter<? super StreamEvent> emitter : channel.emitters) {
                emitter.emit(event);
            }
        }
    }

    /**
     * The user's events from now on, preceded by the buffered events after {@code lastEventId} when given. When that
     * id is no longer (or never was) buffered, the whole buffer is replayed: duplicates are better than losses, and
     * clients deduplicate by event id.
     */
    public Multi<StreamEvent> subscribe(UUID userId, String lastEventId) {
        return Multi.createFrom()
                .<StreamEvent>emitter(
                        emitter -> {
                            Channel channel = channels.computeIfAbsent(userId, id -> new Channel());
                            synchronized (channel) {
                                if (lastEventId != null) {
                                    trim(channel);
                                    for (StreamEvent event : replay(channel, lastEventId)) {
                                        emitter.emit(event);
                                    }
                                }
                                channel.emitters.add(emitter);
                            }
                            emitter.onTermination(() -> channel.emitters.remove(emitter));
                        },
                        BackPressureStrategy.BUFFER)
                .onOverflow()
                .buffer(config.maxPendingPerClient());
    }

    /** Drops expired replay entries and channels nobody listens to any more. */
    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evict() {
        for (Iterator<Map.Entry<UUID, Channel>> it = channels.entrySet().iterator(); it.hasNext(); ) {
            Channel channel = it.next().getValue();
            synchronized (channel) {
                trim(channel);
                if (channel.buffer.isEmpty() && channel.emitters.isEmpty()) {
                    it.remove();
                }
            }
        }
    }

    private static List<StreamEvent> replay(Channel channel, String lastEventId) {
        List<StreamEvent> after = new ArrayList<>();
        boolean found = false;
        for (StreamEvent event : channel.buffer) {
            if (found) {
                after.add(event);
            } else if (event.id().equals(lastEventId)) {
                found = true;
            }
        }
        return found ? after : new ArrayList<>(channel.buffer);
    }

    private void trim(Channel channel) {
        Instant oldest = Instant.now(clock).minus(config.replayAge());
        while (!channel.buffer.isEmpty()
                && (channel.buffer.size() > config.replayEvents()
                        || channel.buffer.peekFirst().receivedAt().isBefore(oldest))) {
            channel.buffer.removeFirst();
        }
    }

    private double clients() {
        return channels.values().stream().mapToInt(c -> c.emitters.size()).sum();
    }

    private static final class Channel {
        final ArrayDeque<StreamEvent> buffer = new ArrayDeque<>();
        final Set<MultiEmitter<? super StreamEvent>> emitters = new CopyOnWriteArraySet<>();
    }
}
