package io.pulse.insight.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.insight.llm.LlmRetryPolicy;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * Turns text into one unit-length vector with the configured backend ({@code pulse.embedding.provider}, chosen at
 * runtime): the in-process all-MiniLM-L6-v2 model, or an OpenAI-compatible endpoint ({@link OpenAiEmbeddingClient}).
 * The in-process model is only resolved when it is the chosen backend, so it is never loaded otherwise.
 *
 * <p>Long content is split into overlapping word windows ({@link TextChunks}); each window is embedded and
 * normalised, and the item's vector is the length-weighted mean of those, normalised again. The in-process model
 * would otherwise see only its first 256 word pieces.
 *
 * <p>Inference is blocking (CPU work or an HTTP call): the {@code embed*} methods must run on a worker thread;
 * {@link #embedAsync} moves the work there. The backend is exercised once at startup so the first request is not
 * slow, readiness reflects a usable backend, and a backend that fails or whose vectors do not have the schema's
 * dimension stops the start.
 */
@ApplicationScoped
public class EmbeddingService {

    private static final Logger LOG = Logger.getLogger(EmbeddingService.class);

    private final EmbeddingConfig config;
    private final EmbeddingBackend backend;
    private final String modelId;
    private final AtomicBoolean warm = new AtomicBoolean();

    @Inject
    public EmbeddingService(
            EmbeddingConfig config,
            Instance<EmbeddingModel> inProcessModel,
            LlmRetryPolicy retryPolicy,
            MeterRegistry metrics) {
        this(config, inProcessModel::get, retryPolicy, metrics);
    }

    /** {@code inProcessModel} is only called when the in-process provider is configured. */
    EmbeddingService(
            EmbeddingConfig config,
            Supplier<EmbeddingModel> inProcessModel,
            LlmRetryPolicy retryPolicy,
            MeterRegistry metrics) {
        this.config = config;
        if (config.provider() == EmbeddingConfig.Provider.IN_PROCESS && ImageMode.current() == ImageMode.NATIVE_RUN) {
            // The model's tokenizer (DJL, through JNA) cannot be loaded in a native executable: say so at start.
            throw new IllegalStateException("The in-process embedding model does not run in the native executable:"
                    + " set pulse.embedding.provider=openai (PULSE_EMBEDDING_PROVIDER) and its endpoint, or run the"
                    + " JVM build");
        }
        this.backend = switch (config.provider()) {
            case IN_PROCESS -> new InProcessEmbeddingBackend(inProcessModel);
            case OPENAI -> new OpenAiEmbeddingClient(config.remote(), config.dimension(), retryPolicy, metrics);
        };
        this.modelId = config.modelId().filter(id -> !id.isBlank()).orElseGet(() -> defaultModelId(config));
    }

    static String defaultModelId(EmbeddingConfig config) {
        return switch (config.provider()) {
            case IN_PROCESS -> "all-minilm-l6-v2";
            case OPENAI ->
                "openai:" + config.remote().model()
                        + (config.remote().requestDimension() ? "@" + config.dimension() : "");
        };
    }

    void warmUp(@Observes StartupEvent event) {
        warmUp();
    }

    /** Embeds once and checks the dimension; fails (and so stops the start) when the backend is unusable. */
    void warmUp() {
        long start = System.nanoTime();
        float[] vector;
        try {
            vector = embed("Warm-up: reviewed a merge request and fixed a flaky integration test.");
        } catch (EmbeddingException e) {
            throw new IllegalStateException(
                    "The " + provider() + " embedding backend (" + modelId + ") is unusable: " + e.getMessage(), e);
        }
        if (vector.length != config.dimension()) {
            throw new IllegalStateException("The embedding model " + modelId + " produces " + vector.length
                    + "-dimensional vectors but pulse.embedding.dimension is " + config.dimension());
        }
        warm.set(true);
        LOG.infof(
                "Embedding backend %s (%s) ready (%d dimensions) in %d ms",
                provider(), modelId, vector.length, (System.nanoTime() - start) / 1_000_000);
    }

    /** The configured backend, as written in configuration ({@code in-process} or {@code openai}). */
    public String provider() {
        return config.provider().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the backend has answered once with vectors of the configured dimension. */
    public boolean isWarm() {
        return warm.get();
    }

    /** The identifier stored next to every vector this service produces. */
    public String modelId() {
        return modelId;
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
     * Embeds several texts in one call to the backend (all their chunks together; the remote backend splits them
     * into requests of at most {@code pulse.embedding.max-batch-size}), on the calling thread, which must not be an
     * event-loop thread.
     */
    public List<float[]> embedAll(List<String> texts) {
        List<List<TextChunks.Chunk>> chunked = new ArrayList<>(texts.size());
        List<String> segments = new ArrayList<>();
        for (String text : texts) {
            List<TextChunks.Chunk> chunks = TextChunks.split(
                    text == null ? "" : text, config.chunkWords(), config.chunkOverlapWords(), config.maxChunks());
            chunked.add(chunks);
            chunks.forEach(c -> segments.add(c.text()));
        }
        List<float[]> embeddings = backend.embed(segments);
        List<float[]> out = new ArrayList<>(texts.size());
        int next = 0;
        for (List<TextChunks.Chunk> chunks : chunked) {
            float[] pooled = null;
            for (TextChunks.Chunk chunk : chunks) {
                float[] v = normalized(embeddings.get(next++));
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
