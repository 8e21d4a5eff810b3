package io.pulse.common.events;

/** Marker for the typed bodies carried in {@link EventEnvelope#payload()}. */
public sealed interface EventPayload
        permits EvidencePayload,
                EvidenceEnrichedPayload,
                InsightsRequestedPayload,
                InsightPayload,
                InsightGenerationPayload,
                SyncRequestedPayload,
                SyncJobPayload,
                SharePayload,
                ProfileErasedPayload {}
