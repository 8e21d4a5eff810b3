package io.pulse.insight.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * Turns text into one unit-length vector with the configured model.
 *
 * <p>Long content is split into overlapping word windows ({@link TextChunks}); each window is embedded and
 * normalised, and the item's vector is the length-weighted mean of those, normalised again. The in-process model
 * would otherwise see only its first 256 word pieces.
 *
 * <p>Inference is blocking CPU work: the {@code embed*} methods must run on a worker thread; {@link #embedAsync}
 * moves the work there. The model is loaded and exercised once at startup so the first request is not slow and
 * readiness reflects a usable model.
 */
@ApplicationScoped
public class EmbeddingService {

    private static final Logger LOG = Logger.getLogger(EmbeddingService.class);

    private final EmbeddingModel model;
    private final EmbeddingConfig config;
    private final AtomicBoolean warm = new AtomicBoolean();

    public EmbeddingService(EmbeddingModel model, EmbeddingConfig config) {
        this.model = model;
        this.config = config;
    }

    void warmUp(@Observes StartupEvent event) {
        long start = System.nanoTime();
        float[] vector = embed("Warm-up: reviewed a merge request and fixed a flaky integration test.");
        if (vector.length != config.dimension()) {
            throw new IllegalStateException("The embedding model produces " + vector.length
                    + "-dimensional vectors but pulse.embedding.dimension is " + config.dimension());
        }
        warm.set(true);
        LOG.infof(
                "Embedding model %s ready (%d dimensions) in %d ms",
                config.modelId(), vector.length, (System.nanoTime() - start) / 1_000_000);
    }

    /** Whether the model has been loaded and has answered once. */
    public boolean isWarm() {
        return warm.get();
    }

    /** The identifier stored next to every vector this service produces. */
    public String modelId() {
        return config.modelId();
    }

    /** Embeds on a worker thread. */
    public Uni<float[]> embedAsync(String text) {
        return Uni.createFrom().item(() -> embed(text)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Embeds on the calling thread, which must not be an event-loop thread. */
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /**
     * Embeds several texts in one call to the model (all their chunks together), on the calling thread, which must
     * not be an event-loop thread.
     */
    public List<float[]> embedAll(List<String> texts) {
        List<List<TextChunks.Chunk>> chunked = new ArrayList<>(texts.size());
        List<TextSegment> segments = new ArrayList<>();
        for (String text : texts) {
            List<TextChunks.Chunk> chunks = TextChunks.split(
                    text == null ? "" : text, config.chunkWords(), config.chunkOverlapWords(), config.maxChunks());
            chunked.add(chunks);
            chunks.forEach(c -> segments.add(TextSegment.from(c.text())));
        }
        List<Embedding> embeddings = segments.size() == 1
                ? List.of(model.embed(segments.get(0)).content())
                : model.embedAll(segments).content();
        List<float[]> out = new ArrayList<>(texts.size());
        int next = 0;
        for (List<TextChunks.Chunk> chunks : chunked) {
            float[] pooled = null;
            for (TextChunks.Chunk chunk : chunks) {
                float[] v = normalized(embeddings.get(next++).vector());
                if (pooled == null) {
                    pooled = new float[v.length];
                }
                for (int d = 0; d < v.length; d++) {
                    pooled[d] += chunk.words() * v[d];
                }
            }
            out.add(normalized(pooled));
        }
        return out;
    }

    static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        if (norm == 0) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
