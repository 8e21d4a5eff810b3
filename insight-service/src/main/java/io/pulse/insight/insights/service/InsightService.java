package io.pulse.insight.insights.service;

import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.common.db.RlsSession;
import io.pulse.common.events.EventType;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.Page;
import io.pulse.common.web.PagePosition;
import io.pulse.common.web.PageRequest;
import io.pulse.insight.insights.api.InsightChange;
import io.pulse.insight.insights.api.InsightFilter;
import io.pulse.insight.insights.api.InsightView;
import io.pulse.insight.insights.mapping.InsightMapper;
import io.pulse.insight.insights.repository.InsightRepository;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The insights API: listing, and the owner's validation and feedback (generation requests:
 * {@link GenerationRequestService}). Reads run in a
 * transaction bound to the caller (row-level security); each change writes its event to the outbox in the same
 * transaction.
 */
@ApplicationScoped
public class InsightService {

    private final InsightRepository repository;
    private final Pool requestPool;
    private final Pool servicePool;

    public InsightService(
            InsightRepository repository, Pool requestPool, @ReactiveDataSource(Datasources.SERVICE) Pool servicePool) {
        this.repository = repository;
        this.requestPool = requestPool;
        this.servicePool = servicePool;
    }

    public Uni<Page<InsightView>> list(UUID userId, InsightFilter filter, PageRequest page) {
        return RlsSession.inTransaction(requestPool, userId, conn -> repository.list(conn, userId, filter, page))
                .map(rows -> page.slice(rows, v -> new PagePosition(v.createdAt(), v.id()), v -> v));
    }

    public Uni<InsightView> get(UUID userId, UUID id) {
        return RlsSession.inTransaction(requestPool, userId, conn -> repository.find(conn, userId, id))
                .map(InsightService::existing);
    }

    /**
     * Applies the owner's change with its insight.updated event. Only the service role may write insights (so that
     * no request can forge one), hence the service pool; the repository scopes the update by the owner's id.
     */
    public Uni<InsightView> change(UUID userId, UUID id, InsightChange change) {
        return servicePool
                .withTransaction(conn -> repository
                        .change(conn, userId, id, change)
                        .call(changed -> changed.isEmpty()
                                ? Uni.createFrom().voidItem()
                                : OutboxWriter.append(
                                        conn, InsightMapper.event(EventType.INSIGHT_UPDATED, userId, changed.get()))))
                .map(InsightService::existing);
    }

    private static InsightView existing(Optional<InsightView> found) {
        // Also the answer for another user's id: never reveal that it exists.
        return found.orElseThrow(() -> ApiException.notFound("Insight"));
    }
}
