package io.pulse.insight.enrichment.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.common.events.EvidencePayload;
import io.pulse.common.messaging.InboundEvent;
import io.pulse.common.messaging.ProcessedEvents;
import io.pulse.insight.embedding.EmbeddingService;
import io.pulse.insight.enrichment.repository.DeadLetterRepository;
import io.pulse.insight.enrichment.repository.DeadLetterRepository.Letter;
import io.pulse.insight.enrichment.repository.EnrichmentRepository;
import io.pulse.insight.enrichment.repository.EnrichmentRepository.Candidate;
import io.pulse.insight.enrichment.repository.EnrichmentRepository.EventContext;
import io.pulse.insight.enrichment.service.EvidenceEnricher.Computed;
import io.pulse.insight.enrichment.service.EvidenceEnricher.Failed;
import io.pulse.insight.enrichment.service.EvidenceEnricher.Pending;
import io.pulse.insight.enrichment.service.EvidenceEnricher.Work;
import io.pulse.insight.insights.InsightsConfig;
import io.pulse.insight.llm.LlmPolicy;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;

/**
 * Enriches evidence: summary, categories, key phrases, sentiment and the embedding, written under the service role
 * only if the row still has the version the work was computed for.
 *
 * <p>Idempotent by event id (claimed in the same transaction as the write); an event for an older version, or for a
 * deleted row, writes nothing. Reads are single statements on the pool; analysis and inference run on a worker
 * thread, outside any transaction; each batch is then written in one transaction.
 *
 * <p>Poison is isolated: a row that cannot be analysed, embedded or written is retried alone a bounded number of
 * times and then parked as a dead letter ({@link DeadLetterRepository}), while the rest of its batch is written as
 * usual. A batch therefore never fails as a whole because of one item; only an unavailable database fails it.
 */
@ApplicationScoped
public class EnrichmentService {

    /** Name under which this consumer records handled event ids. */
    static final String CONSUMER = "insight-enrichment";

    /** End-to-end latency, evidence written to enrichment committed (no labels: one series per instance). */
    public static final String LATENCY = "pulse.enrichment.latency";

    private static final Logger LOG = Logger.getLogger(EnrichmentService.class);

    private final EnrichmentRepository repository;
    private final DeadLetterRepository deadLetters;
    private final EvidenceEnricher enricher;
    private final EmbeddingService embeddings;
    private final LlmPolicy llmPolicy;
    private final InsightsConfig insightsConfig;
    private final MeterRegistry metrics;
    private final Pool pool;
    private final Timer latency;

    public EnrichmentService(
            EnrichmentRepository repository,
            DeadLetterRepository deadLetters,
            EvidenceEnricher enricher,
            EmbeddingService embeddings,
            LlmPolicy llmPolicy,
            InsightsConfig insightsConfig,
            MeterRegistry metrics,
            @ReactiveDataSource(Datasources.SERVICE) Pool pool) {
        this.repository = repository;
        this.deadLetters = deadLetters;
        this.enricher = enricher;
        this.embeddings = embeddings;
        this.llmPolicy = llmPolicy;
        this.insightsConfig = insightsConfig;
        this.metrics = metrics;
        this.pool = pool;
        this.latency = Timer.builder(LATENCY)
                .description("Evidence written (the event's occurredAt) to its enrichment committed")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(metrics);
    }

    /**
     * A batch analysed and embedded, not yet written.
     *
     * @param decided the outcomes settled without a write (duplicates, stale versions, already enriched)
     * @param markOnly the event ids to record as handled without a write
     * @param refreshAfter when non-null, queue an insight refresh for each owner, due after this delay
     * @param writtenAt when each event's change was written (its occurredAt), for the end-to-end latency
     */
    public record Prepared(
            List<EnrichmentOutcome> decided,
            Computed computed,
            List<UUID> markOnly,
            Duration refreshAfter,
            Map<UUID, Instant> writtenAt) {

        static final Prepared NOTHING =
                new Prepared(List.of(), new Computed(List.of(), List.of()), List.of(), null, Map.of());
    }

    /**
     * Handles a batch of evidence.created / evidence.updated events, in order: {@link #prepare} then
     * {@link #write}.
     */
    public Uni<List<EnrichmentOutcome>> onEvents(List<InboundEvent> events) {
        return prepare(events).chain(this::write);
    }

    /**
     * Reads and computes a batch of evidence.created / evidence.updated events. Each event is checked against the
     * row as it is now: already handled, deleted, or for another version means no write (the newer version's own
     * event does the work). The rest are analysed and embedded together, on a worker thread. Nothing is written:
     * {@link #write} does that, and re-checks everything it relies on (handled events, row versions, enrichment
     * already present) inside its transaction, so a batch may be prepared while the one before it is still being
     * written.
     */
    public Uni<Prepared> prepare(List<InboundEvent> events) {
        List<UUID> eventIds = new ArrayList<>();
        List<EvidencePayload> payloads = new ArrayList<>();
        Map<UUID, Instant> writtenAt = new HashMap<>();
        for (InboundEvent event : events) {
            if (writtenAt.putIfAbsent(event.eventId(), event.envelope().occurredAt()) == null) {
                eventIds.add(event.eventId());
                payloads.add(event.payload(EvidencePayload.class));
            }
        }
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Prepared.NOTHING);
        }
        List<UUID> evidenceIds =
                payloads.stream().map(EvidencePayload::evidenceId).toList();
        return repository
                .loadForEvents(pool, CONSUMER, eventIds, evidenceIds, embeddings.modelId())
                .chain(contexts -> {
                    List<EnrichmentOutcome> outcomes = new ArrayList<>();
                    List<UUID> markOnly = new ArrayList<>();
                    List<Work> work = new ArrayList<>();
                    Set<String> scheduled = new HashSet<>();
                    for (int i = 0; i < contexts.size(); i++) {
                        EventContext context = contexts.get(i);
                        EvidencePayload payload = payloads.get(i);
                        boolean current = context.candidate()
                                .filter(c -> c.row().version() == payload.version())
                                .isPresent();
                        if (context.processed()) {
                            outcomes.add(EnrichmentOutcome.DUPLICATE);
                        } else if (!current || !scheduled.add(payload.evidenceId() + "@" + payload.version())) {
                            // Deleted, changed again, or the same version twice in this batch: recorded, not written.
                            markOnly.add(eventIds.get(i));
                            outcomes.add(EnrichmentOutcome.STALE);
                        } else if (context.enriched()) {
                            // The re-embedding worker enriched this version while its event waited: recorded, not
                            // redone.
                            markOnly.add(eventIds.get(i));
                            outcomes.add(EnrichmentOutcome.ALREADY_ENRICHED);
                        } else {
                            Candidate candidate = context.candidate().get();
                            work.add(new Work(
                                    candidate.row(), eventIds.get(i), llmPolicy.useLlm(candidate.llmOptedOut())));
                        }
                    }
                    return compute(work)
                            .map(computed ->
                                    new Prepared(outcomes, computed, markOnly, insightsConfig.debounce(), writtenAt));
                });
    }

    /**
     * Writes a prepared batch (one transaction; see {@link #writeIsolated}), parks what failed for good, and
     * counts every outcome.
     */
    public Uni<List<EnrichmentOutcome>> write(Prepared prepared) {
        return writeAndPark(prepared).map(written -> {
            List<EnrichmentOutcome> all = new ArrayList<>(prepared.decided());
            all.addAll(written);
            all.forEach(o -> metrics.counter(
                            "pulse.enrichment.events", "outcome", o.name().toLowerCase())
                    .increment());
            return all;
        });
    }

    /**
     * Re-enriches up to {@code limit} rows whose vector is of another model, then rows that never got one and have
     * been quiet for {@code settle} (background work: no event, no insight refresh).
     *
     * @return one outcome per row read; fewer than {@code limit} means nothing is left for now
     */
    public Uni<List<EnrichmentOutcome>> reembed(Duration settle, int limit) {
        return repository
                .needingEmbedding(pool, embeddings.modelId(), settle, limit)
                .map(rows -> rows.stream()
                        .map(c -> new Work(c.row(), null, llmPolicy.useLlm(c.llmOptedOut())))
                        .toList())
                .chain(this::compute)
                .chain(computed -> writeAndPark(new Prepared(List.of(), computed, List.of(), null, Map.of())));
    }

    /** Analyses and embeds on a worker thread, outside any transaction. */
    private Uni<Computed> compute(List<Work> work) {
        if (work.isEmpty()) {
            return Uni.createFrom().item(Prepared.NOTHING.computed());
        }
        return Uni.createFrom()
                .item(() -> enricher.computeIsolated(work))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<List<EnrichmentOutcome>> writeAndPark(Prepared prepared) {
        Computed computed = prepared.computed();
        if (computed.pending().isEmpty()
                && computed.failed().isEmpty()
                && prepared.markOnly().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return writeIsolated(computed.pending(), prepared.markOnly(), prepared.refreshAfter(), prepared.writtenAt())
                .chain(written -> park(computed.failed()).map(parked -> {
                    List<EnrichmentOutcome> all = new ArrayList<>(written);
                    all.addAll(parked);
                    return all;
                }));
    }

    /**
     * Writes the batch in one transaction. If the database refuses it, each item is written in a transaction of its
     * own (bounded attempts), so the others land and only the item the database refuses is parked.
     */
    private Uni<List<EnrichmentOutcome>> writeIsolated(
            List<Pending> pending, List<UUID> markOnly, Duration refreshAfter, Map<UUID, Instant> writtenAt) {
        return pool.withTransaction(conn -> write(conn, pending, markOnly, refreshAfter))
                .invoke(outcomes -> committed(pending, outcomes, writtenAt))
                .onFailure(e -> pending.size() > 1)
                .recoverWithUni(batchFailure -> {
                    LOG.warnf(
                            "Writing a batch of %d enrichments failed (%s); writing them one by one",
                            pending.size(), sqlState(batchFailure));
                    Uni<List<EnrichmentOutcome>> marked = markOnly.isEmpty()
                            ? Uni.createFrom().item(List.of())
                            : pool.withTransaction(conn -> write(conn, List.of(), markOnly, null));
                    return marked.chain(() -> Multi.createFrom()
                            .iterable(pending)
                            .onItem()
                            .transformToUniAndConcatenate(p -> pool.withTransaction(
                                            conn -> write(conn, List.of(p), List.of(), refreshAfter))
                                    .invoke(outcomes -> committed(List.of(p), outcomes, writtenAt))
                                    .onFailure()
                                    .retry()
                                    .atMost(EvidenceEnricher.MAX_ATTEMPTS - 1)
                                    .onFailure()
                                    .recoverWithUni(e -> park(List.of(new Failed(
                                            new Work(p.write().row(), p.eventId(), false),
                                            "the database refused its enrichment (" + sqlState(e) + ")",
                                            EvidenceEnricher.MAX_ATTEMPTS)))))
                            .collect()
                            .in(ArrayList<EnrichmentOutcome>::new, List::addAll)
                            .map(list -> (List<EnrichmentOutcome>) list));
                });
    }

    /**
     * Records, for each item of a committed write that was enriched, the time from its change being written
     * (the event's occurredAt) to now, just after the commit: the {@code pulse.enrichment.latency} histogram.
     */
    private void committed(List<Pending> pending, List<EnrichmentOutcome> outcomes, Map<UUID, Instant> writtenAt) {
        Instant now = Instant.now();
        for (int i = 0; i < pending.size() && i < outcomes.size(); i++) {
            Instant written = pending.get(i).eventId() == null
                    ? null
                    : writtenAt.get(pending.get(i).eventId());
            if (written != null && outcomes.get(i) == EnrichmentOutcome.ENRICHED) {
                Duration elapsed = Duration.between(written, now);
                latency.record(elapsed.isNegative() ? Duration.ZERO : elapsed);
            }
        }
    }

    /**
     * Parks items that failed for good: a dead letter with the reason, the owner's item marked as could not be
     * analysed, and their events claimed so a redelivery does not start over. A new version is tried afresh.
     */
    private Uni<List<EnrichmentOutcome>> park(List<Failed> failed) {
        if (failed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> events = failed.stream()
                .map(f -> f.work().eventId())
                .filter(Objects::nonNull)
                .toList();
        List<Letter> letters = failed.stream()
                .map(f -> new Letter(f.work().row().id(), f.work().row().version(), f.reason(), f.attempts()))
                .toList();
        return pool.withTransaction(conn ->
                        ProcessedEvents.claimAll(conn, CONSUMER, events).chain(() -> deadLetters.park(conn, letters)))
                .invoke(() -> failed.forEach(f -> {
                    metrics.counter("pulse.enrichment.dead_letters", "reason", reasonTag(f.reason()))
                            .increment();
                    LOG.warnf(
                            "Parked evidence %s version %d after %d attempt(s): %s",
                            f.work().row().id(), f.work().row().version(), f.attempts(), f.reason());
                }))
                .map(ignored ->
                        failed.stream().map(f -> EnrichmentOutcome.PARKED).toList());
    }

    /** A bounded label for the dead-letter counter. */
    private static String reasonTag(String reason) {
        if (reason.contains("database")) {
            return "write";
        }
        if (reason.contains("embedding")) {
            return "embedding";
        }
        return reason.contains("analysis") ? "analysis" : "other";
    }

    /** The SQLSTATE of a database refusal (safe to log and store: a code, never data), or a neutral word. */
    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return "SQLSTATE " + pg.getSqlState();
            }
        }
        return "no database code";
    }

    /**
     * Claims every handled event id ({@code markOnly}: events that need no write), applies each enrichment only if
     * its row still has the version it was computed for and its event was not handled meanwhile by another
     * instance, appends the enriched events, and queues a debounced insight refresh for the owners.
     *
     * @param refreshAfter when non-null, queue an insight refresh for each owner, due after this delay
     * @return the outcome of each pending write, in order
     */
    private Uni<List<EnrichmentOutcome>> write(
            SqlConnection conn, List<Pending> pending, List<UUID> markOnly, Duration refreshAfter) {
        List<UUID> events = new ArrayList<>(markOnly);
        pending.stream().map(Pending::eventId).filter(Objects::nonNull).forEach(events::add);
        return ProcessedEvents.claimAll(conn, CONSUMER, events).chain(fresh -> {
            List<Pending> toWrite = pending.stream()
                    .filter(p -> p.eventId() == null || fresh.contains(p.eventId()))
                    .toList();
            return repository
                    .updateAll(conn, toWrite.stream().map(Pending::write).toList())
                    .chain(landed -> {
                        List<Pending> enriched = new ArrayList<>();
                        for (int i = 0; i < toWrite.size(); i++) {
                            if (landed.get(i)) {
                                enriched.add(toWrite.get(i));
                            }
                        }
                        List<UUID> owners = enriched.stream()
                                .map(p -> p.write().row().userId())
                                .distinct()
                                .toList();
                        return deadLetters
                                .clear(
                                        conn,
                                        enriched.stream()
                                                .map(p -> p.write().row().id())
                                                .toList())
                                .chain(() -> OutboxWriter.appendAll(
                                        conn,
                                        enriched.stream().map(Pending::enriched).toList()))
                                .chain(() -> refreshAfter == null
                                        ? Uni.createFrom().voidItem()
                                        : repository.queueRefresh(conn, owners, refreshAfter))
                                .map(ignored -> pending.stream()
                                        .map(p -> outcome(p, fresh, enriched))
                                        .toList());
                    });
        });
    }

    private static EnrichmentOutcome outcome(Pending p, Set<UUID> fresh, List<Pending> enriched) {
        if (p.eventId() != null && !fresh.contains(p.eventId())) {
            return EnrichmentOutcome.DUPLICATE;
        }
        return enriched.contains(p) ? EnrichmentOutcome.ENRICHED : EnrichmentOutcome.STALE;
    }
}
