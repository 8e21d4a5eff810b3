package io.pulse.common.events;

/** Kafka topic names. Every record on them is an {@link EventEnvelope} keyed by user id. */
public final class Topics {

    /** Evidence created / updated / deleted / enriched. */
    public static final String EVIDENCE_EVENTS = "pulse.evidence-events";
    /** Requests to generate insights for a user and period. */
    public static final String INSIGHT_REQUESTS = "pulse.insight-requests";
    /** Insight created / updated. */
    public static final String INSIGHT_EVENTS = "pulse.insight-events";
    /** Requests to run a sync job. */
    public static final String SYNC_REQUESTS = "pulse.sync-requests";
    /** Sync job progress. */
    public static final String SYNC_JOB_EVENTS = "pulse.sync-job-events";

    private Topics() {}
}
