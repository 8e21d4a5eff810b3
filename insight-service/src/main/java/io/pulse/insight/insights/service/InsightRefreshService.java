package io.pulse.insight.insights.service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.Datasources;
import io.pulse.insight.insights.InsightsConfig;
import io.pulse.insight.insights.repository.InsightRepository;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Turns due entries of the debounce queue (filled by enrichment) into generation requests for the users' rolling
 * window: one regeneration per user per debounce interval, however much evidence arrived.
 */
@ApplicationScoped
public class InsightRefreshService {

    private final InsightRepository repository;
    private final GenerationRequestService requests;
    private final InsightsConfig config;
    private final Pool servicePool;
    private final Clock clock = Clock.systemUTC();

    public InsightRefreshService(
            InsightRepository repository,
            GenerationRequestService requests,
            InsightsConfig config,
            @ReactiveDataSource(Datasources.SERVICE) Pool servicePool) {
        this.repository = repository;
        this.requests = requests;
        this.config = config;
        this.servicePool = servicePool;
    }

    /**
     * Claims up to {@code limit} users whose refresh is due and queues one request for each, in one transaction:
     * a user leaves the queue if and only if their request is queued (row and events).
     *
     * @return the users queued
     */
    public Uni<List<UUID>> queueDue(int limit) {
        return servicePool.withTransaction(conn -> repository
                .claimDueRefreshes(conn, limit)
                .call(users -> {
                    LocalDate today = LocalDate.now(clock);
                    LocalDate from = today.minus(config.rollingPeriod());
                    return requests.queue(
                            conn,
                            users.stream()
                                    .map(u -> new GenerationRequestService.Request(
                                            u, from, today, InsightGenerationService.ROLLING_REASON))
                                    .toList());
                }));
    }
}
