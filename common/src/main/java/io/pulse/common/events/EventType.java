package io.pulse.common.events;

import java.util.Arrays;
import java.util.Optional;

/** Every event type, its wire name, the topic it travels on and its payload type. */
public enum EventType {
    EVIDENCE_CREATED("evidence.created", Topics.EVIDENCE_EVENTS, EvidencePayload.class),
    EVIDENCE_UPDATED("evidence.updated", Topics.EVIDENCE_EVENTS, EvidencePayload.class),
    EVIDENCE_DELETED("evidence.deleted", Topics.EVIDENCE_EVENTS, EvidencePayload.class),
    EVIDENCE_ENRICHED("evidence.enriched", Topics.EVIDENCE_EVENTS, EvidencePayload.class),
    INSIGHTS_REQUESTED("insights.requested", Topics.INSIGHT_REQUESTS, InsightsRequestedPayload.class),
    INSIGHT_CREATED("insight.created", Topics.INSIGHT_EVENTS, InsightPayload.class),
    INSIGHT_UPDATED("insight.updated", Topics.INSIGHT_EVENTS, InsightPayload.class),
    SYNC_REQUESTED("sync.requested", Topics.SYNC_REQUESTS, SyncRequestedPayload.class),
    SYNC_JOB_UPDATED("sync-job.updated", Topics.SYNC_JOB_EVENTS, SyncJobPayload.class);

    /** Payload schema version written by this code for every type. */
    public static final int CURRENT_SCHEMA_VERSION = 1;

    private final String wireName;
    private final String topic;
    private final Class<? extends EventPayload> payloadType;

    EventType(String wireName, String topic, Class<? extends EventPayload> payloadType) {
        this.wireName = wireName;
        this.topic = topic;
        this.payloadType = payloadType;
    }

    public String wireName() {
        return wireName;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends EventPayload> payloadType() {
        return payloadType;
    }

    public static Optional<EventType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
