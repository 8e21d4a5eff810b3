package io.pulse.common.messaging;

import java.util.EnumSet;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.pulse.common.events.EventType;
import io.pulse.common.security.CurrentUserResolver;

/**
 * Every instance of every service hears of an erased account ({@code profile.erased}; a consumer group per instance,
 * from the earliest retained event, since the group never commits and an erasure must not be skipped while the consumer
 * rejoins) and drops what it holds of it in memory: the cached identity → profile
 * mapping, so the next sign-in starts a fresh profile, and, through the {@link Erased} CDI event, anything else a
 * service keeps (the stream's replay buffer).
 */
@ApplicationScoped
public class ProfileErasures {

    /** Fired for each erased profile, for in-memory copies kept elsewhere in the service. */
    public record Erased(UUID profileId) {}

    private final CurrentUserResolver resolver;
    private final Event<Erased> erased;

    public ProfileErasures(CurrentUserResolver resolver, Event<Erased> erased) {
        this.resolver = resolver;
        this.erased = erased;
    }

    @Incoming("profile-events")
    public void onEvent(String value) {
        InboundEvents.decode(value, EnumSet.of(EventType.PROFILE_ERASED)).ifPresent(event -> {
            resolver.forgetProfile(event.userId());
            erased.fire(new Erased(event.userId()));
        });
    }
}
