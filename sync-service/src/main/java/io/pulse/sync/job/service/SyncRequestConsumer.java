package io.pulse.sync.job.service;

import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.SyncRequestedPayload;
import io.pulse.sync.job.SyncJob;
import io.pulse.sync.job.repository.SyncJobRepository;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Consumes {@code sync.requested} (group {@code sync-workers}). In one transaction it records the event id (a
 * redelivery is skipped), moves the job pending -> running and writes the status event; then the job is handed to
 * the {@link SyncRunner}. A request for a job that is no longer pending is acknowledged and dropped.
 */
@ApplicationScoped
public class SyncRequestConsumer {

    static final String CONSUMER = "sync-workers";
    private static final Logger LOG = Logger.getLogger(SyncRequestConsumer.class);

    private final Pool servicePool;
    private final SyncJobRepository jobs;
    private final SyncRunner runner;

    public SyncRequestConsumer(
            @ReactiveDataSource(Datasources.SERVICE) Pool servicePool, SyncJobRepository jobs, SyncRunner runner) {
        this.servicePool = servicePool;
        this.jobs = jobs;
        this.runner = runner;
    }

    @Incoming("sync-requests")
    public Uni<Void> onRequest(String value) {
        EventEnvelope envelope;
        SyncRequestedPayload request;
        try {
            envelope = EventCodec.fromJson(value);
            if (!EventType.SYNC_REQUESTED.wireName().equals(envelope.type())) {
                return Uni.createFrom().voidItem();
            }
            request = EventCodec.payload(envelope, SyncRequestedPayload.class);
        } catch (EventCodec.MalformedEventException e) {
            LOG.warnf("skipping a malformed record on the sync request topic: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return servicePool
                .withTransaction(conn -> conn.preparedQuery("insert into processed_events (consumer, event_id)"
                                + " values ($1, $2) on conflict do nothing")
                        .execute(Tuple.of(CONSUMER, envelope.eventId()))
                        .chain(rows -> rows.rowCount() == 0
                                ? Uni.createFrom().item(Optional.<SyncJob>empty())
                                : jobs.claim(conn, request.jobId()))
                        .call(claimed -> claimed.isEmpty()
                                ? Uni.createFrom().voidItem()
                                : OutboxWriter.append(
                                        conn,
                                        EventCodec.envelope(
                                                EventType.SYNC_JOB_UPDATED,
                                                claimed.get().userId(),
                                                claimed.get().payload()))))
                .invoke(claimed -> claimed.ifPresent(job -> runner.submit(job, request.since())))
                .onFailure()
                .invoke(e -> LOG.errorf(
                        e, "could not claim sync job %s; the scheduler re-requests pending jobs", request.jobId()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
