package io.pulse.insight.insights.service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.common.db.RlsSession;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.InsightsRequestedPayload;
import io.pulse.common.web.ApiException;
import io.pulse.common.web.Page;
import io.pulse.common.web.PagePosition;
import io.pulse.common.web.PageRequest;
import io.pulse.insight.insights.api.GenerationRequestView;
import io.pulse.insight.insights.mapping.GenerationRequestMapper;
import io.pulse.insight.insights.repository.GenerationRequestRepository;
import io.pulse.insight.insights.repository.GenerationRequestRepository.NewRequest;
import io.pulse.insight.insights.repository.ReviewPeriodRepository;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Generation requests: queuing them (the owner's, and the rolling window's after enrichment) and reading their
 * outcome. A request is a row (pending until generated) written with its insights.requested event, whose id it
 * shares, and its insight-generation.updated event, in one transaction. Only the service role writes requests (so
 * that no request can forge an outcome), scoped by the owner's id; the owner reads them through row-level security.
 */
@ApplicationScoped
public class GenerationRequestService {

    private final GenerationRequestRepository repository;
    private final ReviewPeriodRepository periods;
    private final Pool requestPool;
    private final Pool servicePool;
    private final Clock clock = Clock.systemUTC();

    public GenerationRequestService(
            GenerationRequestRepository repository,
            ReviewPeriodRepository periods,
            Pool requestPool,
            @ReactiveDataSource(Datasources.SERVICE) Pool servicePool) {
        this.repository = repository;
        this.periods = periods;
        this.requestPool = requestPool;
        this.servicePool = servicePool;
    }

    /** Queues the owner's request for the period. */
    public Uni<GenerationRequestView> request(UUID userId, LocalDate start, LocalDate end) {
        return servicePool
                .withTransaction(conn -> queue(conn, List.of(new Request(userId, start, end, "api"))))
                .map(queued -> queued.get(0));
    }

    /** Queues a request for one of the caller's review periods (its days, both included); 404 for any other id. */
    public Uni<GenerationRequestView> requestForPeriod(UUID userId, UUID periodId) {
        return RlsSession.inTransaction(requestPool, userId, conn -> periods.find(conn, userId, periodId))
                .chain(found -> {
                    ReviewPeriodRepository.Days days = found.orElseThrow(() -> ApiException.notFound("Period"));
                    return request(userId, days.start(), days.end());
                });
    }

    public Uni<GenerationRequestView> get(UUID userId, UUID id) {
        return RlsSession.inTransaction(requestPool, userId, conn -> repository.find(conn, userId, id))
                .map(found -> found.orElseThrow(() -> ApiException.notFound("Generation request")));
    }

    public Uni<Page<GenerationRequestView>> list(UUID userId, PageRequest page) {
        return RlsSession.inTransaction(requestPool, userId, conn -> repository.list(conn, userId, page))
                .map(rows -> page.slice(rows, v -> new PagePosition(v.requestedAt(), v.id()), v -> v));
    }

    /**
     * A request to queue.
     *
     * @param trigger {@code api} or {@code enrichment}
     */
    record Request(UUID userId, LocalDate start, LocalDate end, String trigger) {}

    /**
     * Queues requests in the caller's transaction: each a pending row, its insights.requested event (same id) and
     * its pending insight-generation.updated event.
     */
    Uni<List<GenerationRequestView>> queue(SqlConnection conn, List<Request> requests) {
        List<EventEnvelope> asks = requests.stream()
                .map(r -> EventCodec.envelope(
                        EventType.INSIGHTS_REQUESTED,
                        r.userId(),
                        new InsightsRequestedPayload(r.start(), r.end(), r.trigger()),
                        clock))
                .toList();
        List<NewRequest> rows = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            rows.add(new NewRequest(asks.get(i).eventId(), r.userId(), r.start(), r.end(), r.trigger()));
        }
        return repository.insertPending(conn, rows).call(queued -> {
            List<EventEnvelope> events = new ArrayList<>(asks);
            queued.forEach(v -> events.add(GenerationRequestMapper.event(v, List.of())));
            return OutboxWriter.appendAll(conn, events);
        });
    }
}
