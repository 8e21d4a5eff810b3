package io.pulse.insight.insights.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.db.Datasources;
import io.pulse.common.db.OutboxWriter;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.InsightsRequestedPayload;
import io.pulse.common.messaging.InboundEvent;
import io.pulse.common.messaging.ProcessedEvents;
import io.pulse.insight.embedding.EmbeddingService;
import io.pulse.insight.enrichment.analysis.SemanticLabels;
import io.pulse.insight.insights.InsightsConfig;
import io.pulse.insight.insights.generation.EvidenceFact;
import io.pulse.insight.insights.generation.InsightCandidate;
import io.pulse.insight.insights.generation.LlmInsightGenerator;
import io.pulse.insight.insights.generation.StatisticalInsightGenerator;
import io.pulse.insight.insights.mapping.InsightMapper;
import io.pulse.insight.insights.repository.InsightEvidenceRepository;
import io.pulse.insight.insights.repository.InsightRepository;
import io.pulse.insight.insights.repository.InsightRepository.NewInsight;
import io.pulse.insight.llm.LlmPolicy;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Generates a user's insights for a period: reads the evidence, drafts insights (LLM or statistics), checks every
 * citation against the database (exists and belongs to the user), drops invalid ones, discards insights left with
 * none (counted in {@code pulse.insights.discarded}), and stores the rest with their events.
 *
 * <p>Everything runs as the service role. The LLM call happens outside any transaction; the results, their events
 * and the handled request are written in one.
 */
@ApplicationScoped
public class InsightGenerationService {

    private static final Logger LOG = Logger.getLogger(InsightGenerationService.class);
    /** Reason of requests that cover the rolling window (their insights evolve instead of piling up). */
    public static final String ROLLING_REASON = "enrichment";
    /** Name under which this consumer records handled event ids. */
    static final String CONSUMER = "insight-generation";

    private final InsightEvidenceRepository evidence;
    private final InsightRepository insights;
    private final StatisticalInsightGenerator statistics;
    private final LlmInsightGenerator llm;
    private final LlmPolicy llmPolicy;
    private final InsightsConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final Pool servicePool;
    private final SemanticLabels labels;
    private final EmbeddingService embeddings;

    public InsightGenerationService(
            InsightEvidenceRepository evidence,
            InsightRepository insights,
            StatisticalInsightGenerator statistics,
            LlmInsightGenerator llm,
            LlmPolicy llmPolicy,
            InsightsConfig config,
            ObjectMapper json,
            MeterRegistry metrics,
            @ReactiveDataSource(Datasources.SERVICE) Pool servicePool,
            SemanticLabels labels,
            EmbeddingService embeddings) {
        this.evidence = evidence;
        this.insights = insights;
        this.statistics = statistics;
        this.llm = llm;
        this.llmPolicy = llmPolicy;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
        this.servicePool = servicePool;
        this.labels = labels;
        this.embeddings = embeddings;
    }

    /**
     * Handles an insights.requested event: generates and stores the period's insights, once. A redelivered event is
     * recognised before any work is done, and again (atomically) when the results are stored.
     *
     * @return how many insights were created or updated
     */
    public Uni<Integer> onRequest(InboundEvent event) {
        UUID eventId = event.eventId();
        InsightsRequestedPayload request = event.payload(InsightsRequestedPayload.class);
        if (request.periodStart() == null
                || request.periodEnd() == null
                || request.periodStart().isAfter(request.periodEnd())) {
            LOG.warnf("Skipping insight request %s with an invalid period", eventId);
            return Uni.createFrom().item(0);
        }
        return insights.isProcessed(servicePool, CONSUMER, eventId)
                .chain(done -> done
                        ? Uni.createFrom().item(0)
                        : generate(
                                event.userId(), request.periodStart(), request.periodEnd(), request.reason(), eventId));
    }

    /** Generates and stores insights; the request event is recorded as handled with the writes. */
    private Uni<Integer> generate(UUID userId, LocalDate start, LocalDate end, String reason, UUID eventId) {
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        LocalDate previousStart = start.minusDays(days);
        LocalDate previousEnd = start.minusDays(1);
        String periodLabel = ROLLING_REASON.equals(reason) ? "rolling" : start + ".." + end;
        // Reads need no transaction: each is one statement, and the store below re-checks everything it relies on.
        String model = embeddings.modelId();
        Uni<List<EvidenceFact>> current =
                evidence.inPeriod(servicePool, userId, start, end, config.maxEvidence(), model);
        Uni<List<EvidenceFact>> previous =
                evidence.inPeriod(servicePool, userId, previousStart, previousEnd, config.maxEvidence(), model);
        Uni<Boolean> useLlm = llmPolicy.enabled()
                ? evidence.llmOptedOut(servicePool, userId).map(llmPolicy::useLlm)
                : Uni.createFrom().item(false);
        return Uni.combine()
                .all()
                .unis(current, previous, useLlm)
                .asTuple()
                .chain(t -> {
                    List<EvidenceFact> now = t.getItem1();
                    if (now.isEmpty()) {
                        return store(userId, List.of(), eventId);
                    }
                    Uni<Optional<List<InsightCandidate>>> drafted = t.getItem3()
                            ? Uni.createFrom()
                                    .item(() -> llm.generate(now, start, end))
                                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            : Uni.createFrom()
                                    .item(() -> Optional.of(statistics.generate(read(now), read(t.getItem2()))))
                                    // Reading the items may embed the label descriptions once: not on the event loop.
                                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
                    return drafted.chain(candidates -> candidates.isEmpty()
                            // Malformed on every attempt: rejected, nothing stored; the request counts as handled.
                            ? store(userId, List.of(), eventId)
                            : checkCitations(userId, candidates.get())
                                    .map(valid -> toRows(valid, start, end, periodLabel, reason))
                                    .chain(rows -> store(userId, rows, eventId)));
                })
                .invoke(n -> LOG.debugf("Insight generation for %s: %d created or updated", userId, n));
    }

    /** The facts with what the embedding model reads in them (those with a vector of the current model). */
    private List<EvidenceFact> read(List<EvidenceFact> facts) {
        return facts.stream()
                .map(f -> f.vector() == null ? f : f.withReading(labels.read(f.vector())))
                .toList();
    }

    /** Keeps only citations of the user's own existing evidence; drops insights left with none. */
    Uni<List<InsightCandidate>> checkCitations(UUID userId, List<InsightCandidate> candidates) {
        Set<UUID> cited = new LinkedHashSet<>();
        candidates.forEach(c -> cited.addAll(c.evidenceIds()));
        return evidence.ownedBy(servicePool, userId, cited).map(owned -> {
            List<InsightCandidate> valid = new ArrayList<>();
            for (InsightCandidate c : candidates) {
                List<UUID> ids = c.evidenceIds().stream()
                        .filter(owned::contains)
                        .distinct()
                        .toList();
                int dropped = c.evidenceIds().size() - ids.size();
                if (dropped > 0) {
                    metrics.counter("pulse.insights.citations.dropped").increment(dropped);
                }
                if (ids.isEmpty()) {
                    metrics.counter("pulse.insights.discarded", "reason", "no-valid-citation")
                            .increment();
                    continue;
                }
                String subject = c.subject().startsWith("llm:")
                        ? "llm:" + ids.stream().sorted().toList()
                        : c.subject();
                valid.add(new InsightCandidate(
                        c.type(), subject, c.title(), c.description(), ids, c.confidence(), c.method()));
            }
            return valid;
        });
    }

    /**
     * Stores a generation's insights, each with its created/updated event, and claims the request event, all in one
     * transaction; an event claimed meanwhile (a redelivery handled by another instance) stores nothing.
     *
     * @return how many insights were created or updated
     */
    private Uni<Integer> store(UUID userId, List<NewInsight> rows, UUID eventId) {
        return servicePool.withTransaction(conn -> ProcessedEvents.claim(conn, CONSUMER, eventId)
                .chain(fresh -> {
                    if (!fresh) {
                        return Uni.createFrom().item(0);
                    }
                    return Multi.createFrom()
                            .iterable(rows)
                            .onItem()
                            .transformToUniAndConcatenate(row -> insights.upsert(conn, userId, row))
                            .collect()
                            .asList()
                            .chain(results -> {
                                List<EventEnvelope> events = results.stream()
                                        .flatMap(Optional::stream)
                                        .map(u -> InsightMapper.event(
                                                u.created() ? EventType.INSIGHT_CREATED : EventType.INSIGHT_UPDATED,
                                                userId,
                                                u.view()))
                                        .toList();
                                return OutboxWriter.appendAll(conn, events).replaceWith(events.size());
                            });
                }));
    }

    private List<NewInsight> toRows(
            List<InsightCandidate> candidates, LocalDate start, LocalDate end, String periodLabel, String reason) {
        Map<String, NewInsight> byFingerprint = new LinkedHashMap<>();
        for (InsightCandidate c : candidates) {
            String fingerprint = fingerprint(c.type() + "|" + c.subject() + "|" + periodLabel);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("model_version", c.method());
            meta.put("subject", c.subject());
            meta.put("reason", reason == null ? "api" : reason);
            try {
                byFingerprint.putIfAbsent(
                        fingerprint,
                        new NewInsight(
                                c.type(),
                                c.title(),
                                c.description(),
                                c.evidenceIds(),
                                c.confidence(),
                                start,
                                end,
                                fingerprint,
                                json.writeValueAsString(meta)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new ArrayList<>(byFingerprint.values());
    }

    static String fingerprint(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
