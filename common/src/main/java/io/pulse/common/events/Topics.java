package io.pulse.common.events;

/**
 * Kafka topic names. Every record on them is an {@link EventEnvelope} keyed by user id.
 *
 * <p>These are the logical names. A deployment may put a prefix in front of every physical topic
 * ({@value #PREFIX_PROPERTY}, empty by default), which the outbox stores with each row and every channel's
 * {@code topic} setting and consumer group use: the test suite uses one so that it never shares topics or groups with
 * the product a person runs on the same broker.
 */
public final class Topics {

    /** Configuration key of the physical topic prefix (relay and every channel's {@code topic} setting use it). */
    public static final String PREFIX_PROPERTY = "pulse.kafka.topic-prefix";

    /** Evidence created / updated / deleted / enriched. */
    public static final String EVIDENCE_EVENTS = "pulse.evidence-events";
    /** Requests to generate insights for a user and period. */
    public static final String INSIGHT_REQUESTS = "pulse.insight-requests";
    /** Insight created / updated, and the status of generation requests. */
    public static final String INSIGHT_EVENTS = "pulse.insight-events";
    /** Requests to run a sync job. */
    public static final String SYNC_REQUESTS = "pulse.sync-requests";
    /** Sync job progress. */
    public static final String SYNC_JOB_EVENTS = "pulse.sync-job-events";
    /** What an owner shared with their manager, and revocations. */
    public static final String SHARE_EVENTS = "pulse.share-events";
    /** Account-level events: an erased account, so that every copy of its data goes too. */
    public static final String PROFILE_EVENTS = "pulse.profile-events";

    /** Every topic, for tools that create them (system tests, operators' KafkaTopic resources). */
    public static java.util.List<String> all() {
        return java.util.List.of(
                EVIDENCE_EVENTS,
                INSIGHT_REQUESTS,
                INSIGHT_EVENTS,
                SYNC_REQUESTS,
                SYNC_JOB_EVENTS,
                SHARE_EVENTS,
                PROFILE_EVENTS);
    }

    private Topics() {}
}
