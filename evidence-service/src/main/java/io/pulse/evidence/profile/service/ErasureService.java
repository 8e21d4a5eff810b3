package io.pulse.evidence.profile.service;

import java.time.Duration;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.common.db.RlsSession;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventType;
import io.pulse.common.events.ProfileErasedPayload;
import io.pulse.common.security.CurrentUser;
import io.pulse.common.web.FieldChecks;
import io.pulse.evidence.profile.api.ErasureView;
import io.pulse.evidence.profile.repository.ErasureRepository;
import io.pulse.evidence.profile.repository.ErasureRepository.Pending;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Erasure of an account. The owner's request is recorded at once (their transaction); the erasure itself runs on the
 * service role, one account per transaction: the owner's outbox rows, the profile and with it, through the foreign
 * keys, every row of every table keyed by it (evidence and attachments with their stored bytes, insights, generation
 * requests, dead letters, refresh queue, sync jobs and connections, periods, goals, packets, shares both ways), the
 * request itself, and the {@code profile.erased} event, all in one commit. Every instance of every service then drops
 * its in-memory copies ({@link io.pulse.common.messaging.ProfileErasures}). The worker claims requests with a lease,
 * so after a crash the request is simply taken up again; it runs at once after a request and then every few seconds.
 */
@ApplicationScoped
public class ErasureService {

    private static final Logger LOG = Logger.getLogger(ErasureService.class);
    private static final int BATCH = 10;

    private final Pool requestPool;
    private final Pool servicePool;
    private final ErasureRepository repository;
    private final Duration lease;
    private final Counter erased;

    public ErasureService(
            Pool requestPool,
            @ReactiveDataSource(Datasources.SERVICE) Pool servicePool,
            ErasureRepository repository,
            @ConfigProperty(name = "pulse.erasure.lease", defaultValue = "60s") Duration lease,
            MeterRegistry registry) {
        this.requestPool = requestPool;
        this.servicePool = servicePool;
        this.repository = repository;
        this.lease = lease;
        this.erased = registry.counter("pulse.erasure.completed");
    }

    /**
     * Records the caller's request to erase their account; {@code confirm} must be their profile id, so that no
     * stray DELETE erases an account. Asking again while it is pending answers the same request.
     */
    public Uni<ErasureView> request(CurrentUser user, String confirm) {
        return Uni.createFrom()
                .item(() -> {
                    if (confirm == null
                            || !confirm.strip().equalsIgnoreCase(user.id().toString())) {
                        FieldChecks.forQuery()
                                .error(
                                        "confirm",
                                        "must be your profile id, to confirm that the account is to be erased")
                                .throwIfInvalid();
                    }
                    return user.id();
                })
                .chain(id -> RlsSession.inTransaction(requestPool, id, conn -> repository.request(conn, id)))
                // At once, rather than at the next scheduled run; a failure here is retried by that run.
                .invoke(() -> eraseDue()
                        .subscribe()
                        .with(n -> {}, e -> LOG.warnf(e, "Erasure run failed; it will be retried")))
                .map(pending -> new ErasureView(pending.id(), "pending", pending.requestedAt()));
    }

    /** Erases every due account; also what runs after a restart. */
    @Scheduled(every = "${pulse.erasure.poll-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return eraseDue()
                .onFailure()
                .invoke(e -> LOG.warnf(e, "Erasure run failed; it will be retried"))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    Uni<Integer> eraseDue() {
        return servicePool
                .withTransaction(conn -> repository.claim(conn, BATCH, lease.toSeconds()))
                .chain(due -> Multi.createFrom()
                        .iterable(due)
                        .onItem()
                        .transformToUniAndConcatenate(this::erase)
                        .collect()
                        .asList()
                        .map(done -> done.size()));
    }

    private Uni<UUID> erase(Pending pending) {
        UUID user = pending.userId();
        return servicePool
                .withTransaction(conn -> OutboxWriter.eraseUser(conn, user)
                        .chain(() -> repository.deleteProfile(conn, user))
                        .chain(() -> repository.done(conn, pending.id()))
                        .chain(() -> OutboxWriter.append(
                                conn,
                                EventCodec.envelope(
                                        EventType.PROFILE_ERASED,
                                        user,
                                        new ProfileErasedPayload(pending.requestedAt())))))
                .invoke(() -> {
                    erased.increment();
                    // The id only: it names nobody once the profile is gone.
                    LOG.infof("Erased account %s", user);
                })
                .replaceWith(user);
    }
}
