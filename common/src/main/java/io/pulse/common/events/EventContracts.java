package io.pulse.common.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The event contract classes, registered for reflection so that a native executable keeps what {@link EventCodec}'s
 * own Jackson mapper and the AsyncAPI document ({@code record.getRecordComponents()}) read from them: Quarkus only
 * registers the types that appear in REST method signatures by itself. {@code EventContractTest} checks that every
 * payload type of {@link EventType} is listed.
 */
@RegisterForReflection(
        registerFullHierarchy = true,
        targets = {
            EventEnvelope.class,
            EvidencePayload.class,
            EvidenceEnrichedPayload.class,
            InsightPayload.class,
            InsightGenerationPayload.class,
            InsightsRequestedPayload.class,
            SyncRequestedPayload.class,
            SyncJobPayload.class,
            SharePayload.class,
            ProfileErasedPayload.class
        })
public final class EventContracts {

    private EventContracts() {}
}
