package io.pulse.insight.insights.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.pulse.insight.insights.repository.InsightRepository;
import io.pulse.insight.insights.service.InsightGenerationService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Turns due entries of the debounce queue (filled by enrichment) into insights.requested events for the users'
 * rolling window: one regeneration per user per debounce interval, however much evidence arrived.
 */
@ApplicationScoped
public class InsightRefreshScheduler {

    private static final Logger LOG = Logger.getLogger(InsightRefreshScheduler.class);
    private static final int BATCH = 100;

    private final InsightRepository repository;
    private final InsightGenerationService generation;

    public InsightRefreshScheduler(InsightRepository repository, InsightGenerationService generation) {
        this.repository = repository;
        this.generation = generation;
    }

    @Scheduled(every = "${pulse.insights.refresh-poll:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return repository
                .claimDueRefreshes(BATCH, generation::rollingRequest)
                .invoke(users -> {
                    if (!users.isEmpty()) {
                        LOG.debugf("Queued insight refresh for %d user(s)", users.size());
                    }
                })
                .onFailure()
                .invoke(e -> LOG.warnf("Insight refresh round failed: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
