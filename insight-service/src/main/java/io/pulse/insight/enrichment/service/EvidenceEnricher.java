package io.pulse.insight.enrichment.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pgvector.PGvector;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.events.EventEnvelope;
import io.pulse.common.evidence.EvidenceEvents;
import io.pulse.common.evidence.EvidenceRow;
import io.pulse.insight.embedding.EmbeddingService;
import io.pulse.insight.enrichment.analysis.Analysis;
import io.pulse.insight.enrichment.analysis.Categories;
import io.pulse.insight.enrichment.analysis.SemanticLabels;
import io.pulse.insight.enrichment.analysis.TextAnalyzer;
import io.pulse.insight.enrichment.llm.EvidenceAnalyst;
import io.pulse.insight.enrichment.llm.LlmAnalysis;
import io.pulse.insight.enrichment.repository.EnrichmentWrite;
import io.pulse.insight.llm.LlmCallException;
import io.pulse.insight.llm.LlmConfig;
import io.pulse.insight.llm.LlmErrorType;

/**
 * Computes enrichments (blocking, so always called on a worker thread): the analysis of each row, by the LLM or
 * locally, and one embedding call for the whole batch. Touches no database.
 */
@ApplicationScoped
class EvidenceEnricher {

    private static final Logger LOG = Logger.getLogger(EvidenceEnricher.class);
    private static final int MAX_LLM_CONTENT_CHARS = 12_000;

    /**
     * A row to enrich.
     *
     * @param eventId the event being handled, or null for background work
     */
    record Work(EvidenceRow row, UUID eventId, boolean useLlm) {}

    /**
     * One computed enrichment.
     *
     * @param eventId the event being handled, or null for background work
     * @param enriched the evidence.enriched event to publish when the write lands
     */
    record Pending(EnrichmentWrite write, UUID eventId, EventEnvelope enriched) {}

    /**
     * A row that could not be enriched after {@link #MAX_ATTEMPTS} attempts: it is parked, not retried again.
     *
     * @param reason what failed, for the owner and operators: never the content, never an exception class
     */
    record Failed(Work work, String reason, int attempts) {}

    /** The outcome of a batch: what can be written, and what must be parked. */
    record Computed(List<Pending> pending, List<Failed> failed) {}

    /** Attempts per item before it is parked (the first included); deterministic failures fail fast anyway. */
    static final int MAX_ATTEMPTS = 3;

    private final EmbeddingService embeddings;
    private final TextAnalyzer analyzer;
    private final SemanticLabels labels;
    private final EvidenceAnalyst analyst;
    private final LlmConfig llmConfig;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    EvidenceEnricher(
            EmbeddingService embeddings,
            TextAnalyzer analyzer,
            SemanticLabels labels,
            EvidenceAnalyst analyst,
            LlmConfig llmConfig,
            ObjectMapper json,
            MeterRegistry metrics) {
        this.embeddings = embeddings;
        this.analyzer = analyzer;
        this.labels = labels;
        this.analyst = analyst;
        this.llmConfig = llmConfig;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * Computes the batch in one go; when that fails, or yields an unusable vector for some rows, those rows are
     * computed alone, up to {@link #MAX_ATTEMPTS} times each, and the ones that still fail are returned as
     * {@link Failed}. One poisoned row therefore costs the others one failed batch attempt at most.
     */
    Computed computeIsolated(List<Work> work) {
        List<Pending> pending = new ArrayList<>(work.size());
        List<Failed> failed = new ArrayList<>();
        List<Pending> batch;
        try {
            batch = compute(work);
        } catch (RuntimeException e) {
            LOG.warnf("Enrichment of a batch of %d failed (%s); computing its items one by one", work.size(), stage(e));
            batch = null;
        }
        for (int i = 0; i < work.size(); i++) {
            Pending done = batch == null ? null : batch.get(i);
            if (done != null) {
                pending.add(done);
                continue;
            }
            String reason = "the embedding of its text is not a usable vector";
            int attempt = batch == null ? 0 : 1;
            while (done == null && attempt < MAX_ATTEMPTS) {
                attempt++;
                try {
                    done = compute(List.of(work.get(i))).get(0);
                    if (done == null) {
                        reason = "the embedding of its text is not a usable vector";
                    }
                } catch (RuntimeException e) {
                    reason = stage(e);
                }
            }
            if (done != null) {
                pending.add(done);
            } else {
                failed.add(new Failed(work.get(i), reason, attempt));
            }
        }
        return new Computed(pending, failed);
    }

    /** Which step failed, in words a person can act on; the exception's class and message stay out of it. */
    private static String stage(RuntimeException e) {
        StackTraceElement[] trace = e.getStackTrace();
        for (StackTraceElement frame : trace) {
            if (frame.getClassName().startsWith("io.pulse.insight.embedding")) {
                return "the embedding of its text failed";
            }
            if (frame.getClassName().startsWith("io.pulse.insight.enrichment.analysis")
                    || frame.getClassName().startsWith("io.pulse.insight.enrichment.llm")) {
                return "the analysis of its text failed";
            }
        }
        return "its enrichment failed";
    }

    /**
     * Computes the batch together (one embedding call); an entry is null where the row's vector is unusable (not
     * finite, as for a text with nothing the model can read), which the write would otherwise refuse for the
     * whole batch.
     */
    List<Pending> compute(List<Work> work) {
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
        List<Pending> out = new ArrayList<>(work.size());
        for (int i = 0; i < work.size(); i++) {
            EvidenceRow row = work.get(i).row();
            Analysis analysis = analyses.get(i);
            if (!finite(vectors.get(i))) {
                out.add(null);
                continue;
            }
            if (analysis.method().startsWith(TextAnalyzer.METHOD)) {
                // The local analysis leaves the categories to the embedding model, which reads them from the vector.
                analysis = analysis.withCategories(labels.read(vectors.get(i)).categories());
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("processing_time", millis);
            meta.put("model_version", analysis.method() + "+" + embeddings.modelId());
            meta.put("categories_suggested", analysis.categories());
            meta.put("sentiment_score", analysis.sentiment());
            meta.put("key_phrases", analysis.keyPhrases());
            meta.put("embedding_model", embeddings.modelId());
            meta.put("enriched_at", Instant.now().toString());
            meta.put("enrichment_status", "enriched");
            try {
                out.add(new Pending(
                        new EnrichmentWrite(
                                row,
                                analysis.summary(),
                                json.writeValueAsString(meta),
                                new PGvector(vectors.get(i)).getValue(),
                                embeddings.modelId()),
                        work.get(i).eventId(),
                        EvidenceEvents.enriched(row, analysis.summary(), meta)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static boolean finite(float[] vector) {
        boolean nonZero = false;
        for (float x : vector) {
            if (!Float.isFinite(x)) {
                return false;
            }
            nonZero |= x != 0;
        }
        return nonZero;
    }

    /**
     * The LLM's analysis, checked: known categories only, bounded lengths, sentiment in range. The call is retried by
     * the shared {@link io.pulse.insight.llm.LlmRetryPolicy}; a malformed answer is asked for again up to
     * {@code pulse.llm.max-attempts} times. If the LLM is unavailable or keeps answering nonsense, the local analysis
     * is used instead (and labelled so).
     */
    private Analysis analyseWithLlm(EvidenceRow row) {
        String content = row.content().length() > MAX_LLM_CONTENT_CHARS
                ? row.content().substring(0, MAX_LLM_CONTENT_CHARS)
                : row.content();
        LlmErrorType failure = LlmErrorType.MALFORMED;
        for (int attempt = 1; attempt <= llmConfig.maxAttempts(); attempt++) {
            try {
                Analysis checked = check(analyst.analyse(row.source(), row.title(), content));
                if (checked != null) {
                    return checked;
                }
            } catch (RuntimeException e) {
                Optional<LlmCallException> call = LlmCallException.in(e);
                if (call.isPresent() && call.get().type() != LlmErrorType.MALFORMED) {
                    // The policy has already retried it as far as it allows.
                    failure = call.get().type();
                    break;
                }
            }
        }
        metrics.counter("pulse.enrichment.llm.fallbacks", "error_type", failure.label())
                .increment();
        LOG.warnf("LLM analysis of evidence %s failed (%s); using the local analysis", row.id(), failure.label());
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
        return new Analysis(summary, List.copyOf(categories), phrases, sentiment, "llm:" + llmConfig.model());
    }
}
