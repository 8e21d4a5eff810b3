package io.pulse.insight.insights.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.pulse.insight.insights.service.InsightRefreshService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Polls the debounce queue of insight refreshes (see {@link InsightRefreshService}); a failed round is logged and
 * the next one picks the same users up.
 */
@ApplicationScoped
public class InsightRefreshScheduler {

    private static final Logger LOG = Logger.getLogger(InsightRefreshScheduler.class);
    private static final int BATCH = 100;

    private final InsightRefreshService refresh;

    public InsightRefreshScheduler(InsightRefreshService refresh) {
        this.refresh = refresh;
    }

    @Scheduled(every = "${pulse.insights.refresh-poll:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return refresh.queueDue(BATCH)
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
