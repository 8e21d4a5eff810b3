package io.pulse.insight.insights.service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.InsightsRequestedPayload;
import io.pulse.insight.insights.InsightsConfig;
import io.pulse.insight.insights.repository.InsightRepository;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Turns due entries of the debounce queue (filled by enrichment) into insights.requested events for the users'
 * rolling window: one regeneration per user per debounce interval, however much evidence arrived.
 */
@ApplicationScoped
public class InsightRefreshService {

    private final InsightRepository repository;
    private final InsightsConfig config;
    private final Pool servicePool;
    private final Clock clock = Clock.systemUTC();

    public InsightRefreshService(
            InsightRepository repository,
            InsightsConfig config,
            @ReactiveDataSource(Datasources.SERVICE) Pool servicePool) {
        this.repository = repository;
        this.config = config;
        this.servicePool = servicePool;
    }

    /**
     * Claims up to {@code limit} users whose refresh is due and queues one request for each, in one transaction:
     * a user leaves the queue if and only if their request is in the outbox.
     *
     * @return the users queued
     */
    public Uni<List<UUID>> queueDue(int limit) {
        return servicePool.withTransaction(conn -> repository
                .claimDueRefreshes(conn, limit)
                .call(users -> OutboxWriter.appendAll(
                        conn, users.stream().map(this::rollingRequest).toList())));
    }

    private EventEnvelope rollingRequest(UUID userId) {
        LocalDate today = LocalDate.now(clock);
        return EventCodec.envelope(
                EventType.INSIGHTS_REQUESTED,
                userId,
                new InsightsRequestedPayload(
                        today.minus(config.rollingPeriod()), today, InsightGenerationService.ROLLING_REASON));
    }
}
