package io.pulse.sync.job.service;

import java.time.Instant;
import java.util.List;

import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.SyncRequestedPayload;
import io.pulse.sync.job.SyncJob;

/** The events a sync job emits; every service that changes a job appends them through here. */
final class SyncJobEvents {

    private SyncJobEvents() {}

    /** {@code sync-job.updated}: the job's state for the realtime stream. */
    static EventEnvelope updated(SyncJob job) {
        return EventCodec.envelope(EventType.SYNC_JOB_UPDATED, job.userId(), job.payload());
    }

    /** {@code sync.requested}: asks a worker to claim and run the job. */
    static EventEnvelope requested(SyncJob job, Instant since) {
        return EventCodec.envelope(
                EventType.SYNC_REQUESTED, job.userId(), new SyncRequestedPayload(job.id(), job.source(), since));
    }

    /** A new pending job: its request, then its status. */
    static List<EventEnvelope> created(SyncJob job, Instant since) {
        return List.of(requested(job, since), updated(job));
    }

    /** The {@code since} the job was requested with, or null to continue from the last cursor. */
    static Instant requestedSince(SyncJob job) {
        String since = job.metadata().getString("requested_since");
        return since == null ? null : Instant.parse(since);
    }
}
