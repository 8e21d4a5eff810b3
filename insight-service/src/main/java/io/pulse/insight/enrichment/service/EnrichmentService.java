package io.pulse.insight.enrichment.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pgvector.PGvector;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.events.EventCodec;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.events.EventType;
import io.pulse.common.events.EvidencePayload;
import io.pulse.insight.embedding.EmbeddingService;
import io.pulse.insight.enrichment.analysis.Analysis;
import io.pulse.insight.enrichment.analysis.Categories;
import io.pulse.insight.enrichment.analysis.TextAnalyzer;
import io.pulse.insight.enrichment.llm.EvidenceAnalyst;
import io.pulse.insight.enrichment.llm.LlmAnalysis;
import io.pulse.insight.enrichment.repository.EnrichmentRepository;
import io.pulse.insight.enrichment.repository.EnrichmentRepository.Outcome;
import io.pulse.insight.enrichment.repository.EnrichmentWrite;
import io.pulse.insight.enrichment.repository.EvidenceRow;
import io.pulse.insight.insights.InsightsConfig;
import io.pulse.insight.llm.LlmConfig;
import io.pulse.insight.llm.LlmPolicy;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Enriches evidence: summary, categories, key phrases, sentiment and the embedding, written under the service role
 * only if the row still has the version the work was computed for.
 *
 * <p>Idempotent by event id (recorded in the same transaction as the write); an event for an older version, or for
 * a deleted row, writes nothing. Analysis and inference run on a worker thread.
 */
@ApplicationScoped
public class EnrichmentService {

    private static final Logger LOG = Logger.getLogger(EnrichmentService.class);
    private static final int MAX_LLM_CONTENT_CHARS = 12_000;

    private final EnrichmentRepository repository;
    private final EmbeddingService embeddings;
    private final TextAnalyzer analyzer;
    private final EvidenceAnalyst analyst;
    private final LlmPolicy llmPolicy;
    private final LlmConfig llmConfig;
    private final InsightsConfig insightsConfig;
    private final ObjectMapper json;
    private final String llmModel;
    private final MeterRegistry metrics;

    public EnrichmentService(
            EnrichmentRepository repository,
            EmbeddingService embeddings,
            TextAnalyzer analyzer,
            EvidenceAnalyst analyst,
            LlmPolicy llmPolicy,
            LlmConfig llmConfig,
            InsightsConfig insightsConfig,
            ObjectMapper json,
            MeterRegistry metrics) {
        this.repository = repository;
        this.embeddings = embeddings;
        this.analyzer = analyzer;
        this.analyst = analyst;
        this.llmPolicy = llmPolicy;
        this.llmConfig = llmConfig;
        this.insightsConfig = insightsConfig;
        this.json = json;
        this.metrics = metrics;
        this.llmModel = llmConfig.model();
    }

    /**
     * Handles a batch of records of the evidence-events topic (envelope JSON), in order. Each event is checked against
     * the row as it is now: already handled, deleted, or for another version means no write (the newer version's own
     * event does the work). The rest are analysed and embedded together on a worker thread and written in one
     * transaction.
     */
    public Uni<List<Outcome>> onEvents(List<String> values) {
        List<UUID> eventIds = new ArrayList<>();
        List<EvidencePayload> payloads = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (String value : values) {
            if (value == null) {
                continue;
            }
            try {
                EventEnvelope envelope = EventCodec.fromJson(value);
                EventType type = envelope.knownType().orElse(null);
                if ((type == EventType.EVIDENCE_CREATED || type == EventType.EVIDENCE_UPDATED)
                        && seen.add(envelope.eventId())) {
                    payloads.add(EventCodec.payload(envelope, EvidencePayload.class));
                    eventIds.add(envelope.eventId());
                }
            } catch (EventCodec.MalformedEventException e) {
                LOG.warnf("Skipping a malformed evidence event: %s", e.getMessage());
                metrics.counter("pulse.enrichment.malformed").increment();
            }
        }
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> evidenceIds =
                payloads.stream().map(EvidencePayload::evidenceId).toList();
        return repository.loadForEvents(eventIds, evidenceIds).chain(contexts -> {
            List<Outcome> outcomes = new ArrayList<>();
            List<UUID> markOnly = new ArrayList<>();
            List<Work> work = new ArrayList<>();
            Set<String> scheduled = new HashSet<>();
            for (int i = 0; i < contexts.size(); i++) {
                EvidenceContext context = new EvidenceContext(contexts.get(i), payloads.get(i));
                if (context.ctx().processed()) {
                    outcomes.add(Outcome.DUPLICATE);
                } else if (!context.current()
                        || !scheduled.add(context.payload().evidenceId() + "@"
                                + context.payload().version())) {
                    // Deleted, changed again, or the same version twice in this batch: recorded, not written.
                    markOnly.add(eventIds.get(i));
                    outcomes.add(Outcome.STALE);
                } else {
                    work.add(new Work(
                            context.ctx().row().get(),
                            eventIds.get(i),
                            llmConfig.enabled() && !context.ctx().llmOptedOut()));
                }
            }
            return process(work, markOnly, insightsConfig.debounce()).map(written -> {
                List<Outcome> all = new ArrayList<>(outcomes);
                all.addAll(written);
                all.forEach(o -> metrics.counter(
                                "pulse.enrichment.events", "outcome", o.name().toLowerCase())
                        .increment());
                return all;
            });
        });
    }

    /** Handles one record (see {@link #onEvents}). */
    public Uni<List<Outcome>> onEvent(String value) {
        return onEvents(java.util.Collections.singletonList(value));
    }

    /**
     * Computes and writes the enrichment of rows as read, without an event (background re-embedding); no insight
     * refresh is queued.
     */
    public Uni<List<Outcome>> enrichRows(List<EvidenceRow> rows) {
        return Multi.createFrom()
                .iterable(rows)
                .onItem()
                .transformToUniAndConcatenate(
                        row -> llmPolicy.useLlmFor(row.userId()).map(llm -> new Work(row, null, llm)))
                .collect()
                .asList()
                .chain(work -> process(work, List.of(), null));
    }

    private Uni<List<Outcome>> process(List<Work> work, List<UUID> markOnly, Duration refreshAfter) {
        if (work.isEmpty() && markOnly.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom()
                .item(() -> compute(work))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(pending -> repository.writeAll(pending, markOnly, refreshAfter));
    }

    private record Work(EvidenceRow row, UUID eventId, boolean useLlm) {}

    private record EvidenceContext(EnrichmentRepository.EventContext ctx, EvidencePayload payload) {
        boolean current() {
            return ctx.row().isPresent() && ctx.row().get().version() == payload.version();
        }
    }

    /** Blocking: analysis (LLM or local) of each row and one embedding call for all of them. */
    List<EnrichmentRepository.Pending> compute(List<Work> work) {
        if (work.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        List<Analysis> analyses = new ArrayList<>(work.size());
        List<String> texts = new ArrayList<>(work.size());
        for (Work w : work) {
            analyses.add(
                    w.useLlm()
                            ? analyseWithLlm(w.row())
                            : analyzer.analyze(w.row().title(), w.row().content()));
            texts.add(w.row().title() + "\n\n" + w.row().content());
        }
        List<float[]> vectors = embeddings.embedAll(texts);
        // Batch work: each item is charged its share of the batch's time.
        long millis = (System.nanoTime() - start) / 1_000_000 / work.size();
        List<EnrichmentRepository.Pending> out = new ArrayList<>(work.size());
        for (int i = 0; i < work.size(); i++) {
            EvidenceRow row = work.get(i).row();
            Analysis analysis = analyses.get(i);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("processing_time", millis);
            meta.put("model_version", analysis.method() + "+" + embeddings.modelId());
            meta.put("categories_suggested", analysis.categories());
            meta.put("sentiment_score", analysis.sentiment());
            meta.put("key_phrases", analysis.keyPhrases());
            meta.put("embedding_model", embeddings.modelId());
            meta.put("enriched_at", Instant.now().toString());
            EventEnvelope enriched = EventCodec.envelope(
                    EventType.EVIDENCE_ENRICHED,
                    row.userId(),
                    new EvidencePayload(
                            row.id(),
                            row.version(),
                            row.source(),
                            row.title(),
                            row.category(),
                            row.tags(),
                            row.occurredAt().toInstant()));
            try {
                out.add(new EnrichmentRepository.Pending(
                        new EnrichmentWrite(
                                row,
                                analysis.summary(),
                                json.writeValueAsString(meta),
                                new PGvector(vectors.get(i)).getValue(),
                                embeddings.modelId()),
                        work.get(i).eventId(),
                        enriched));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /**
     * The LLM's analysis, checked: known categories only, bounded lengths, sentiment in range. If the LLM keeps
     * failing or answering nonsense, the local analysis is used instead (and labelled so).
     */
    private Analysis analyseWithLlm(EvidenceRow row) {
        String content = row.content().length() > MAX_LLM_CONTENT_CHARS
                ? row.content().substring(0, MAX_LLM_CONTENT_CHARS)
                : row.content();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= llmConfig.maxAttempts(); attempt++) {
            try {
                LlmAnalysis answer = analyst.analyse(row.source(), row.title(), content);
                Analysis checked = check(answer);
                if (checked != null) {
                    return checked;
                }
                last = new IllegalArgumentException("unusable analysis");
            } catch (RuntimeException e) {
                last = e;
            }
        }
        metrics.counter("pulse.enrichment.llm.fallbacks").increment();
        LOG.warnf(
                "LLM analysis of evidence %s failed after %d attempts (%s); using the local analysis",
                row.id(), llmConfig.maxAttempts(), last.getClass().getSimpleName());
        Analysis local = analyzer.analyze(row.title(), row.content());
        return new Analysis(
                local.summary(),
                local.categories(),
                local.keyPhrases(),
                local.sentiment(),
                TextAnalyzer.METHOD + "(llm-unavailable)");
    }

    private Analysis check(LlmAnalysis answer) {
        if (answer == null || answer.summary() == null || answer.summary().isBlank()) {
            return null;
        }
        String summary = answer.summary().strip();
        if (summary.length() > 1000) {
            summary = summary.substring(0, 1000);
        }
        LinkedHashSet<String> categories = new LinkedHashSet<>();
        if (answer.categories() != null) {
            for (String c : answer.categories()) {
                String known = Categories.normalize(c);
                if (known != null && categories.size() < 3) {
                    categories.add(known);
                }
            }
        }
        List<String> phrases = new ArrayList<>();
        if (answer.keyPhrases() != null) {
            for (String p : answer.keyPhrases()) {
                if (p != null && !p.isBlank() && phrases.size() < 6) {
                    phrases.add(p.strip().length() > 80 ? p.strip().substring(0, 80) : p.strip());
                }
            }
        }
        double sentiment = answer.sentiment() == null || answer.sentiment().isNaN()
                ? 0
                : Math.max(-1, Math.min(1, answer.sentiment()));
        return new Analysis(summary, List.copyOf(categories), phrases, sentiment, "llm:" + llmModel);
    }
}
