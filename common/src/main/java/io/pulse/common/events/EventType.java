package io.pulse.common.events;

import java.util.Arrays;
import java.util.Optional;

/** Every event type, its wire name, the topic it travels on and its payload type. */
public enum EventType {
    EVIDENCE_CREATED(
            "evidence.created", Topics.EVIDENCE_EVENTS, EvidencePayload.class, 1, "An evidence item was created"),
    EVIDENCE_UPDATED(
            "evidence.updated",
            Topics.EVIDENCE_EVENTS,
            EvidencePayload.class,
            1,
            "An evidence item changed (its version grew)"),
    EVIDENCE_DELETED(
            "evidence.deleted", Topics.EVIDENCE_EVENTS, EvidencePayload.class, 1, "An evidence item was deleted"),
    // 2: the enrichment results were added to the evidence fields of version 1.
    EVIDENCE_ENRICHED(
            "evidence.enriched",
            Topics.EVIDENCE_EVENTS,
            EvidenceEnrichedPayload.class,
            2,
            "An evidence item was summarised, classified and embedded (the vector is not in the event)"),
    INSIGHTS_REQUESTED(
            "insights.requested",
            Topics.INSIGHT_REQUESTS,
            InsightsRequestedPayload.class,
            1,
            "Insights should be generated for a user and period"),
    INSIGHT_CREATED("insight.created", Topics.INSIGHT_EVENTS, InsightPayload.class, 1, "An insight was generated"),
    INSIGHT_UPDATED(
            "insight.updated",
            Topics.INSIGHT_EVENTS,
            InsightPayload.class,
            1,
            "An insight was regenerated, validated, rejected or given feedback"),
    INSIGHT_GENERATION_UPDATED(
            "insight-generation.updated",
            Topics.INSIGHT_EVENTS,
            InsightGenerationPayload.class,
            1,
            "A generation request was queued, completed (perhaps by the statistical fallback) or failed"),
    SYNC_REQUESTED("sync.requested", Topics.SYNC_REQUESTS, SyncRequestedPayload.class, 1, "A sync job should run"),
    SYNC_JOB_UPDATED(
            "sync-job.updated",
            Topics.SYNC_JOB_EVENTS,
            SyncJobPayload.class,
            1,
            "A sync job changed status or progressed"),
    SHARE_GRANTED(
            "share.granted",
            Topics.SHARE_EVENTS,
            SharePayload.class,
            1,
            "An owner shared an item (a review packet, an evidence item or an insight) with their manager"),
    SHARE_REVOKED(
            "share.revoked",
            Topics.SHARE_EVENTS,
            SharePayload.class,
            1,
            "An owner revoked a share; the manager no longer sees the item"),
    PROFILE_ERASED(
            "profile.erased",
            Topics.PROFILE_EVENTS,
            ProfileErasedPayload.class,
            1,
            "An account was erased: every row of it is gone from PerformancePulse; downstream tools erase their copies"
                    + " of everything keyed by this userId");

    private final String wireName;
    private final String topic;
    private final Class<? extends EventPayload> payloadType;
    private final int schemaVersion;
    private final String description;

    EventType(
            String wireName,
            String topic,
            Class<? extends EventPayload> payloadType,
            int schemaVersion,
            String description) {
        this.wireName = wireName;
        this.topic = topic;
        this.payloadType = payloadType;
        this.schemaVersion = schemaVersion;
        this.description = description;
    }

    /**
     * Version of this type's payload schema written by this code. It grows with every payload change; changes are
     * additive only (new fields), so a consumer of version n reads any later version by ignoring unknown fields.
     */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** What the event means, for the AsyncAPI document. */
    public String description() {
        return description;
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
