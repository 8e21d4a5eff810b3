package io.pulse.insight.insights.service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.OutboxWriter;
import io.pulse.common.db.RlsSession;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.InsightsRequestedPayload;
import io.pulse.common.web.ApiException;
import io.pulse.insight.insights.api.GenerationAccepted;
import io.pulse.insight.insights.api.InsightChange;
import io.pulse.insight.insights.api.InsightFilter;
import io.pulse.insight.insights.api.InsightPage;
import io.pulse.insight.insights.api.InsightView;
import io.pulse.insight.insights.repository.InsightRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** The insights API: listing, the user's validation and feedback, and generation requests. */
@ApplicationScoped
public class InsightService {

    private final InsightRepository repository;
    private final Pool requestPool;
    private final Clock clock = Clock.systemUTC();

    public InsightService(InsightRepository repository, Pool requestPool) {
        this.repository = repository;
        this.requestPool = requestPool;
    }

    public Uni<InsightPage> list(UUID userId, InsightFilter filter, int page, int size) {
        return repository.list(userId, filter, page, size);
    }

    public Uni<InsightView> get(UUID userId, UUID id) {
        return repository.find(userId, id).map(found -> found.orElseThrow(() -> ApiException.notFound("Insight")));
    }

    public Uni<InsightView> change(UUID userId, UUID id, InsightChange change) {
        return repository
                .change(userId, id, change)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("Insight")));
    }

    /** Queues a generation for the period: the request event goes through the outbox as the caller. */
    public Uni<GenerationAccepted> requestGeneration(UUID userId, LocalDate start, LocalDate end) {
        EventEnvelope request = EventCodec.envelope(
                EventType.INSIGHTS_REQUESTED, userId, new InsightsRequestedPayload(start, end, "api"), clock);
        return RlsSession.inTransaction(requestPool, userId, conn -> OutboxWriter.append(conn, request))
                .replaceWith(new GenerationAccepted(request.eventId(), start, end, "accepted"));
    }
}
