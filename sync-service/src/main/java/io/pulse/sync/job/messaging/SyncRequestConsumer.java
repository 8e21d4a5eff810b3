package io.pulse.sync.job.messaging;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.pulse.common.events.EventType;
import io.pulse.common.events.SyncRequestedPayload;
import io.pulse.common.messaging.InboundEvent;
import io.pulse.common.messaging.InboundEvents;
import io.pulse.common.tracing.EventSpans;
import io.pulse.sync.job.service.SyncJobService;
import io.pulse.sync.job.service.SyncWorkers;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code sync.requested} (group {@code sync-workers}): the service claims the job (pending -> running,
 * event id recorded, status event, one transaction), then the job goes to the {@link SyncWorkers}. A redelivered
 * request, or one for a job that is no longer pending, is acknowledged and dropped.
 */
@ApplicationScoped
public class SyncRequestConsumer {

    static final String CONSUMER = "sync-workers";
    private static final Logger LOG = Logger.getLogger(SyncRequestConsumer.class);

    private final SyncJobService jobs;
    private final SyncWorkers workers;
    private final EventSpans spans;

    public SyncRequestConsumer(SyncJobService jobs, SyncWorkers workers, EventSpans spans) {
        this.jobs = jobs;
        this.workers = workers;
        this.spans = spans;
    }

    @Incoming("sync-requests")
    public Uni<Void> onRequest(ConsumerRecord<String, String> record) {
        Optional<InboundEvent> event = InboundEvents.decode(record, Set.of(EventType.SYNC_REQUESTED));
        if (event.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return spans.process("sync-requests", List.of(event.get()), () -> claim(event));
    }

    private Uni<Void> claim(Optional<InboundEvent> event) {
        SyncRequestedPayload request = event.get().payload(SyncRequestedPayload.class);
        return jobs.claim(CONSUMER, event.get().eventId(), request.jobId())
                .invoke(claimed -> claimed.ifPresent(job -> workers.submit(job, request.since())))
                .onFailure()
                .invoke(e -> LOG.errorf(
                        e, "could not claim sync job %s; the scheduler re-requests pending jobs", request.jobId()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
