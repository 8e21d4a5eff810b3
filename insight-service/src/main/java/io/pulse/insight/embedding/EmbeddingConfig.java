package io.pulse.insight.embedding;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/** Embedding settings: which backend embeds (chosen at runtime), the chunking of long content and re-embedding. */
@ConfigMapping(prefix = "pulse.embedding")
public interface EmbeddingConfig {

    /** The embedding backends. */
    enum Provider {
        /** all-MiniLM-L6-v2 running in this process (no network). */
        IN_PROCESS,
        /** An OpenAI-compatible {@code POST /embeddings} endpoint. */
        OPENAI
    }

    /** Which backend embeds: {@code in-process} (all-MiniLM-L6-v2, no network) or {@code openai} (remote endpoint). */
    @WithDefault("in-process")
    Provider provider();

    /**
     * Identifier stored with every vector (changing it re-embeds existing evidence); by default
     * {@code all-minilm-l6-v2} for in-process, {@code openai:<model>} (plus {@code @<dimension>} when the dimension
     * is requested) for openai.
     */
    Optional<String> modelId();

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

    /** The OpenAI-compatible endpoint (used only with provider {@code openai}); keys sit directly under the prefix. */
    @WithParentName
    Remote remote();

    /** Settings of the OpenAI-compatible embedding endpoint. */
    interface Remote {

        /** Base URL of the OpenAI-compatible API; {@code /embeddings} is appended. */
        @WithDefault("https://api.openai.com/v1")
        String baseUrl();

        /** API key sent as {@code Authorization: Bearer}; never logged. Leave unset for endpoints that need none. */
        Optional<String> apiKey();

        /** Remote embedding model name, sent with every request. */
        @WithDefault("text-embedding-3-small")
        String model();

        /** Whether to send {@code dimensions} (text-embedding-3 models can shorten their vectors to the schema's). */
        @WithDefault("false")
        boolean requestDimension();

        /**
         * Timeout of one HTTP call (connect and response). Failed calls are retried by the policy shared with chat
         * calls, {@code pulse.llm.retry.*}.
         */
        @WithDefault("30s")
        Duration timeout();

        /** Most texts (chunks) sent in one request; larger inputs are split into several requests. */
        @WithDefault("96")
        int maxBatchSize();
    }
}
