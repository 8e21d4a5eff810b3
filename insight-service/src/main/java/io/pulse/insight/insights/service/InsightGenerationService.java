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
import java.util.function.Supplier;
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
import io.pulse.insight.insights.api.GenerationRequestView;
import io.pulse.insight.insights.generation.EvidenceFact;
import io.pulse.insight.insights.generation.InsightCandidate;
import io.pulse.insight.insights.generation.LlmInsightGenerator;
import io.pulse.insight.insights.generation.StatisticalInsightGenerator;
import io.pulse.insight.insights.mapping.GenerationRequestMapper;
import io.pulse.insight.insights.mapping.InsightMapper;
import io.pulse.insight.insights.repository.GenerationRequestRepository;
import io.pulse.insight.insights.repository.GenerationRequestRepository.Outcome;
import io.pulse.insight.insights.repository.InsightEvidenceRepository;
import io.pulse.insight.insights.repository.InsightRepository;
import io.pulse.insight.insights.repository.InsightRepository.NewInsight;
import io.pulse.insight.insights.repository.InsightRepository.Upserted;
import io.pulse.insight.llm.LlmConfig;
import io.pulse.insight.llm.LlmErrorType;
import io.pulse.insight.llm.LlmPolicy;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Generates a user's insights for a period: reads the evidence, drafts insights (LLM or statistics), checks every
 * citation against the database (exists and belongs to the user), drops invalid ones (all counted in
 * {@code pulse.insights.citations.dropped{reason}}), discards insights left with none, and stores the rest with
 * their events, following the regeneration rules (README, "Regeneration").
 *
 * <p>Only requests that are really queued are generated: an insights.requested event whose generation request is
 * not pending (already handled, or an event replayed from before requests were recorded) sends no prompt. When the
 * LLM fails for good, or answers malformed output on every attempt, the statistical generator stands in, and the
 * insights and the request say so ({@code model_version} {@code evidence-semantic-v2(llm-unavailable)}, request
 * {@code fallback}, {@code pulse.insights.llm.fallbacks{reason}}).
 *
 * <p>Everything runs as the service role. The LLM call happens outside any transaction; the results, their events,
 * the retirement of superseded insights and the request's outcome (with its insight-generation.updated event) are
 * written in one, with the handled request event.
 */
@ApplicationScoped
public class InsightGenerationService {

    private static final Logger LOG = Logger.getLogger(InsightGenerationService.class);
    /** Reason of requests that cover the rolling window (their insights evolve instead of piling up). */
    public static final String ROLLING_REASON = "enrichment";
    /** Name under which this consumer records handled event ids. */
    static final String CONSUMER = "insight-generation";

    private static final String PENDING = "pending";

    /**
     * What a generator produced for a request.
     *
     * @param generator the method recorded as the insights' {@code model_version} and the request's generator
     * @param reason why the statistical generator stood in for the LLM, or null
     * @param llmError the class of the LLM's failure, or null
     */
    record Generated(
            List<InsightCandidate> candidates, String generator, boolean fallback, String reason, String llmError) {}

    private final InsightEvidenceRepository evidence;
    private final InsightRepository insights;
    private final GenerationRequestRepository requests;
    private final StatisticalInsightGenerator statistics;
    private final LlmInsightGenerator llm;
    private final LlmPolicy llmPolicy;
    private final LlmConfig llmConfig;
    private final InsightsConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final Pool servicePool;
    private final SemanticLabels labels;
    private final EmbeddingService embeddings;

    public InsightGenerationService(
            InsightEvidenceRepository evidence,
            InsightRepository insights,
            GenerationRequestRepository requests,
            StatisticalInsightGenerator statistics,
            LlmInsightGenerator llm,
            LlmPolicy llmPolicy,
            LlmConfig llmConfig,
            InsightsConfig config,
            ObjectMapper json,
            MeterRegistry metrics,
            @ReactiveDataSource(Datasources.SERVICE) Pool servicePool,
            SemanticLabels labels,
            EmbeddingService embeddings) {
        this.evidence = evidence;
        this.insights = insights;
        this.requests = requests;
        this.statistics = statistics;
        this.llm = llm;
        this.llmPolicy = llmPolicy;
        this.llmConfig = llmConfig;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
        this.servicePool = servicePool;
        this.labels = labels;
        this.embeddings = embeddings;
    }

    /**
     * Handles an insights.requested event: generates and stores the period's insights, once, if its generation
     * request is pending. A redelivered event is recognised before any work is done, and again (atomically) when
     * the results are stored.
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
                        : queued(event).chain(queued -> queued.isEmpty() ? skip(eventId) : generate(queued.get())));
    }

    /** Records the event as handled without doing anything (it asked for nothing that is queued). */
    private Uni<Integer> skip(UUID eventId) {
        return servicePool
                .withTransaction(conn -> ProcessedEvents.claim(conn, CONSUMER, eventId))
                .replaceWith(0);
    }

    /** The event's generation request, when it is pending (really queued) and the event's user's. */
    private Uni<Optional<GenerationRequestView>> queued(InboundEvent event) {
        return requests.find(servicePool, event.eventId()).map(found -> {
            if (found.isPresent()
                    && PENDING.equals(found.get().status())
                    && found.get().userId().equals(event.userId())) {
                return found;
            }
            LOG.infof(
                    "Skipping insight request %s: %s",
                    event.eventId(),
                    found.isEmpty()
                            ? "no generation request was queued for it (an event replayed from before requests"
                                    + " were recorded)"
                            : "its generation request is " + found.get().status());
            return Optional.empty();
        });
    }

    /**
     * Marks the event's request as failed for good ({@code generation_error}), with its event, once: called when
     * generation keeps failing (not for LLM failures, which fall back to the statistical generator).
     */
    public Uni<Void> fail(InboundEvent event) {
        return servicePool.withTransaction(conn -> ProcessedEvents.claim(conn, CONSUMER, event.eventId())
                .chain(fresh -> !fresh
                        ? Uni.createFrom().voidItem()
                        : requests.finish(
                                        conn,
                                        event.userId(),
                                        event.eventId(),
                                        new Outcome(
                                                "failed",
                                                null,
                                                false,
                                                GenerationRequestMapper.GENERATION_ERROR,
                                                null,
                                                0,
                                                0,
                                                0))
                                .chain(failed -> failed.isEmpty()
                                        ? Uni.createFrom().voidItem()
                                        : OutboxWriter.append(
                                                conn, GenerationRequestMapper.event(failed.get(), List.of())))));
    }

    /** Generates and stores insights; the request event is recorded as handled with the writes. */
    private Uni<Integer> generate(GenerationRequestView request) {
        UUID userId = request.userId();
        LocalDate start = request.periodStart();
        LocalDate end = request.periodEnd();
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        LocalDate previousStart = start.minusDays(days);
        LocalDate previousEnd = start.minusDays(1);
        String scope = scope(request.trigger(), start, end);
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
                    boolean withLlm = t.getItem3();
                    String generator = withLlm ? "llm:" + llmConfig.model() : StatisticalInsightGenerator.METHOD;
                    if (now.isEmpty()) {
                        // Nothing to generate from: the scope's unreviewed insights cite nothing current any more.
                        return store(request, scope, List.of(), new Generated(List.of(), generator, false, null, null));
                    }
                    Uni<Generated> drafted = withLlm
                            ? onWorker(() -> llm.generate(now, start, end))
                                    .chain(draft -> draft.drafted()
                                            ? Uni.createFrom()
                                                    .item(new Generated(
                                                            draft.candidates(), generator, false, null, null))
                                            : fallback(request, now, t.getItem2(), draft.failure()))
                            // Reading the items may embed the label descriptions once: not on the event loop.
                            : onWorker(() -> new Generated(
                                    statistics.generate(read(now), read(t.getItem2())), generator, false, null, null));
                    return drafted.chain(generated -> checkCitations(userId, generated.candidates())
                            .map(valid -> toRows(valid, start, end, scope, request.trigger()))
                            .chain(rows -> store(request, scope, rows, generated)));
                })
                .invoke(n -> LOG.debugf("Insight generation for %s: %d created or updated", userId, n));
    }

    /** The statistical generator standing in for the LLM, which failed; labelled so on every insight. */
    private Uni<Generated> fallback(
            GenerationRequestView request, List<EvidenceFact> now, List<EvidenceFact> previous, LlmErrorType failure) {
        boolean malformed = failure == LlmErrorType.MALFORMED;
        String reason =
                malformed ? GenerationRequestMapper.LLM_MALFORMED_OUTPUT : GenerationRequestMapper.LLM_UNAVAILABLE;
        String method = StatisticalInsightGenerator.METHOD + (malformed ? "(llm-malformed)" : "(llm-unavailable)");
        metrics.counter("pulse.insights.llm.fallbacks", "reason", reason).increment();
        LOG.warnf(
                "Insight request %s: the LLM failed (%s); the statistical generator stands in",
                request.id(), failure.label());
        return onWorker(() -> new Generated(
                statistics.generate(read(now), read(previous)).stream()
                        .map(c -> c.withMethod(method))
                        .toList(),
                method,
                true,
                reason,
                failure.label()));
    }

    private static <T> Uni<T> onWorker(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The scope an insight belongs to: the rolling window, or the requested period. */
    static String scope(String trigger, LocalDate start, LocalDate end) {
        return ROLLING_REASON.equals(trigger) ? "rolling" : start + ".." + end;
    }

    /** The facts with what the embedding model reads in them (those with a vector of the current model). */
    private List<EvidenceFact> read(List<EvidenceFact> facts) {
        return facts.stream()
                .map(f -> f.vector() == null ? f : f.withReading(labels.read(f.vector())))
                .toList();
    }

    /**
     * Keeps only citations of the user's own existing evidence; drops insights left with none. Every dropped
     * citation is counted in {@code pulse.insights.citations.dropped{reason}}: {@code not-an-id} (not a UUID),
     * {@code repeated} (the same id twice in one insight), {@code not-owned} (unknown, another user's, the nil UUID).
     */
    Uni<List<InsightCandidate>> checkCitations(UUID userId, List<InsightCandidate> candidates) {
        Set<UUID> cited = new LinkedHashSet<>();
        candidates.forEach(c -> cited.addAll(c.evidenceIds()));
        return evidence.ownedBy(servicePool, userId, cited).map(owned -> {
            List<InsightCandidate> valid = new ArrayList<>();
            for (InsightCandidate c : candidates) {
                List<UUID> distinct = c.evidenceIds().stream().distinct().toList();
                List<UUID> ids = distinct.stream().filter(owned::contains).toList();
                dropped("not-an-id", c.notAnId());
                dropped("repeated", c.repeated() + c.evidenceIds().size() - distinct.size());
                dropped("not-owned", distinct.size() - ids.size());
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

    private void dropped(String reason, int count) {
        if (count > 0) {
            metrics.counter("pulse.insights.citations.dropped", "reason", reason)
                    .increment(count);
        }
    }

    /**
     * Stores a generation's insights, each with its created/updated event, retires the scope's unreviewed insights
     * it no longer produced, ends the request (with its event) and claims the request event, all in one
     * transaction; an event claimed meanwhile (a redelivery handled by another instance) stores nothing.
     *
     * @return how many insights were created or updated
     */
    private Uni<Integer> store(GenerationRequestView request, String scope, List<NewInsight> rows, Generated how) {
        UUID userId = request.userId();
        return servicePool.withTransaction(conn -> ProcessedEvents.claim(conn, CONSUMER, request.id())
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
                            .chain(results -> insights.retireOthers(
                                            conn,
                                            userId,
                                            scope,
                                            rows.stream()
                                                    .map(NewInsight::fingerprint)
                                                    .toList())
                                    .chain(retired -> finish(conn, request, how, results, retired)));
                }));
    }

    private Uni<Integer> finish(
            SqlConnection conn,
            GenerationRequestView request,
            Generated how,
            List<Optional<Upserted>> results,
            List<UUID> retired) {
        List<Upserted> written = results.stream().flatMap(Optional::stream).toList();
        int created = (int) written.stream().filter(Upserted::created).count();
        Outcome outcome = new Outcome(
                "completed",
                how.generator(),
                how.fallback(),
                how.reason(),
                how.llmError(),
                created,
                written.size() - created,
                retired.size());
        return requests.finish(conn, request.userId(), request.id(), outcome).chain(done -> {
            List<EventEnvelope> events = new ArrayList<>();
            written.forEach(u -> events.add(InsightMapper.event(
                    u.created() ? EventType.INSIGHT_CREATED : EventType.INSIGHT_UPDATED, request.userId(), u.view())));
            done.ifPresent(v -> events.add(GenerationRequestMapper.event(v, retired)));
            return OutboxWriter.appendAll(conn, events).replaceWith(written.size());
        });
    }

    /**
     * The rows to store, one per identity (type + subject + scope): of several candidates with the same identity
     * (the LLM may repeat itself) the most confident is kept and the others are discarded
     * ({@code pulse.insights.discarded{reason=duplicate}}).
     */
    private List<NewInsight> toRows(
            List<InsightCandidate> candidates, LocalDate start, LocalDate end, String scope, String reason) {
        Map<String, NewInsight> byFingerprint = new LinkedHashMap<>();
        for (InsightCandidate c : candidates) {
            String fingerprint = fingerprint(c.type() + "|" + c.subject() + "|" + scope);
            NewInsight seen = byFingerprint.get(fingerprint);
            if (seen != null) {
                metrics.counter("pulse.insights.discarded", "reason", "duplicate")
                        .increment();
                if (c.confidence() <= seen.confidence()) {
                    continue;
                }
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("model_version", c.method());
            meta.put("subject", c.subject());
            meta.put("reason", reason == null ? "api" : reason);
            try {
                byFingerprint.put(
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
                                json.writeValueAsString(meta),
                                scope));
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
