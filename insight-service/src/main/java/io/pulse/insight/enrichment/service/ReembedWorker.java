package io.pulse.insight.enrichment.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.pulse.insight.embedding.EmbeddingConfig;
import io.pulse.insight.embedding.EmbeddingService;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;

/**
 * Keeps every row's vector in the configured model's space: after a model change it re-enriches, in batches, the
 * rows whose {@code embedding_model} differs, and it heals rows whose enrichment failed for good (no vector, not
 * changed for a while). The work set is defined by the data, so the worker resumes after a restart by itself.
 * Search only ever compares vectors of the current model, so results stay correct while this runs.
 *
 * <p>This class only paces the work; each batch is read and written by {@link EnrichmentService#reembed}. It is
 * throttled ({@code pulse.embedding.reembed-batches-per-round} batches every
 * {@code pulse.embedding.reembed-interval}) so the live enrichment of new evidence keeps most of the model's time.
 */
@ApplicationScoped
public class ReembedWorker {

    private static final Logger LOG = Logger.getLogger(ReembedWorker.class);
    /** Rows without a vector are left to their own event for this long before the worker steps in. */
    static final Duration SETTLE = Duration.ofMinutes(5);

    private final EnrichmentService enrichment;
    private final EmbeddingService embeddings;
    private final EmbeddingConfig config;

    public ReembedWorker(EnrichmentService enrichment, EmbeddingService embeddings, EmbeddingConfig config) {
        this.enrichment = enrichment;
        this.embeddings = embeddings;
        this.config = config;
    }

    @Scheduled(
            every = "${pulse.embedding.reembed-interval:15s}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Disabled.class)
    Uni<Void> round() {
        AtomicInteger done = new AtomicInteger();
        return batch(done, 0)
                .invoke(() -> {
                    if (done.get() > 0) {
                        LOG.infof("Re-embedded %d evidence item(s) with %s", done.get(), embeddings.modelId());
                    }
                })
                .onFailure()
                .invoke(e -> LOG.warnf("Re-embedding round stopped: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Runs one batch (rows of another model first); returns how many rows were enriched. */
    public Uni<Integer> runBatch() {
        AtomicInteger done = new AtomicInteger();
        return batch(done, config.reembedBatchesPerRound() - 1).map(ignored -> done.get());
    }

    private Uni<Void> batch(AtomicInteger done, int round) {
        if (round >= config.reembedBatchesPerRound()) {
            return Uni.createFrom().voidItem();
        }
        return enrichment.reembed(SETTLE, config.reembedBatchSize()).chain(outcomes -> {
            done.addAndGet((int) outcomes.stream()
                    .filter(o -> o == EnrichmentOutcome.ENRICHED)
                    .count());
            return outcomes.size() < config.reembedBatchSize()
                    ? Uni.createFrom().voidItem()
                    : batch(done, round + 1);
        });
    }

    /** Skips rounds when the worker is disabled by configuration. */
    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {
        private final EmbeddingConfig config;

        public Disabled(EmbeddingConfig config) {
            this.config = config;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.reembedEnabled();
        }
    }
}
