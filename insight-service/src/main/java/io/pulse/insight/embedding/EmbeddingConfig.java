package io.pulse.insight.embedding;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Embedding settings. The model itself is chosen by {@code quarkus.langchain4j.embedding-model.provider}. */
@ConfigMapping(prefix = "pulse.embedding")
public interface EmbeddingConfig {

    /** Identifier of the configured model, stored with every vector; changing it re-embeds existing evidence. */
    @WithDefault("all-minilm-l6-v2")
    String modelId();

    /** Dimension of the configured model's vectors; must match the schema's {@code embedding_dimension}. */
    @WithDefault("384")
    int dimension();

    /** Words per chunk when long content is split (all-MiniLM-L6-v2 reads at most 256 word pieces). */
    @WithDefault("200")
    int chunkWords();

    /** Words shared by consecutive chunks, so a sentence on a boundary is seen whole by one of them. */
    @WithDefault("40")
    int chunkOverlapWords();

    /** Most chunks embedded per item; longer content is covered by evenly spaced chunks from start to end. */
    @WithDefault("48")
    int maxChunks();

    /** Rows re-embedded per batch by the background worker after a model change. */
    @WithDefault("32")
    int reembedBatchSize();

    /** Batches per round of the background worker (one round every {@code pulse.embedding.reembed-interval}). */
    @WithDefault("4")
    int reembedBatchesPerRound();

    /** Time between rounds of the background worker. */
    @WithDefault("15s")
    String reembedInterval();

    /** Whether this instance runs the background re-embedding worker. */
    @WithDefault("true")
    boolean reembedEnabled();
}
