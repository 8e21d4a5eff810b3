package io.pulse.evidence.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulse.evidence.config.EvidenceConfig;
import io.pulse.evidence.stream.service.StreamEvent;
import io.pulse.evidence.stream.service.StreamHub;
import io.smallrye.mutiny.subscription.Cancellable;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub's per-user fan-out and bounded replay, without Kafka or HTTP. */
class StreamHubTest {

    private final StreamHub hub = new StreamHub(config(3), new SimpleMeterRegistry());
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @Test
    void subscribersSeeOnlyTheirOwnUsersEvents() {
        List<String> aliceSeen = new CopyOnWriteArrayList<>();
        Cancellable subscription = hub.subscribe(alice, null).subscribe().with(e -> aliceSeen.add(e.id()));
        hub.publish(event("a1", alice));
        hub.publish(event("b1", bob));
        hub.publish(event("a2", alice));
        assertThat(aliceSeen).containsExactly("a1", "a2");
        subscription.cancel();
        hub.publish(event("a3", alice));
        assertThat(aliceSeen).containsExactly("a1", "a2");
    }

    @Test
    void replaysAfterTheLastEventIdWithinTheBound() {
        for (int i = 1; i <= 5; i++) {
            hub.publish(event("a" + i, alice));
        }
        // Only the last three are kept.
        assertThat(ids(hub, alice, "a3")).containsExactly("a4", "a5");
        // An id that fell out of the buffer replays everything kept: duplicates rather than losses.
        assertThat(ids(hub, alice, "a1")).containsExactly("a3", "a4", "a5");
        assertThat(ids(hub, alice, "a5")).isEmpty();
        assertThat(ids(hub, bob, "a3")).isEmpty();
    }

    private static List<String> ids(StreamHub hub, UUID user, String lastEventId) {
        List<String> seen = new CopyOnWriteArrayList<>();
        hub.subscribe(user, lastEventId).subscribe().with(e -> seen.add(e.id())).cancel();
        return seen;
    }

    private static StreamEvent event(String id, UUID user) {
        return new StreamEvent(id, "evidence.created", user, "{}", Instant.now());
    }

    private static EvidenceConfig config(int replayEvents) {
        EvidenceConfig.Stream stream = new EvidenceConfig.Stream() {
            public Duration heartbeat() {
                return Duration.ofSeconds(15);
            }

            public int replayEvents() {
                return replayEvents;
            }

            public Duration replayAge() {
                return Duration.ofMinutes(10);
            }

            public int maxPendingPerClient() {
                return 100;
            }
        };
        return new EvidenceConfig() {
            public Limits limits() {
                return null;
            }

            public Stream stream() {
                return stream;
            }

            public Uploads uploads() {
                return null;
            }

            public Storage storage() {
                return null;
            }
        };
    }
}
