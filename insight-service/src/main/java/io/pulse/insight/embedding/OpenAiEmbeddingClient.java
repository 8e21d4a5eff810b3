package io.pulse.insight.embedding;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.insight.llm.LlmCallException;
import io.pulse.insight.llm.LlmErrorType;
import io.pulse.insight.llm.LlmHttp;
import io.pulse.insight.llm.LlmRetryPolicy;

/**
 * Client of an OpenAI-compatible {@code POST /embeddings} endpoint (OpenAI, Azure OpenAI, Ollama, vLLM...).
 *
 * <p>Inputs are sent in batches of at most {@code max-batch-size}; vectors are mapped back by their {@code index}
 * (servers may answer out of order) and checked against the configured dimension. Failed calls are retried by the
 * {@link LlmRetryPolicy} that chat calls use too (server waits honoured, exponential backoff with jitter, a budget;
 * 401/403 and other client errors fail at once). Calls block: use it on worker threads only. The API key is never
 * logged nor put into an exception message, and an error body never leaves the transport.
 */
final class OpenAiEmbeddingClient implements EmbeddingBackend {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddingConfig.Remote config;
    private final int dimension;
    private final LlmHttp http;

    OpenAiEmbeddingClient(EmbeddingConfig.Remote config, int dimension, LlmRetryPolicy policy, MeterRegistry metrics) {
        if (config.maxBatchSize() < 1) {
            throw new IllegalArgumentException("pulse.embedding.max-batch-size must be at least 1");
        }
        this.config = config;
        this.dimension = dimension;
        this.http = new LlmHttp(
                "embeddings",
                LlmHttp.endpoint(config.baseUrl(), "/embeddings"),
                config.apiKey(),
                config.model(),
                config.timeout(),
                policy,
                metrics);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += config.maxBatchSize()) {
            out.addAll(call(texts.subList(from, Math.min(texts.size(), from + config.maxBatchSize()))));
        }
        return out;
    }

    private List<float[]> call(List<String> batch) {
        String answer;
        try {
            answer = http.post(requestBody(batch), config.timeout());
        } catch (LlmCallException e) {
            if (e.type() == LlmErrorType.AUTH) {
                throw new EmbeddingException(
                        "The embedding endpoint " + http.endpoint() + " rejected the credentials (HTTP " + e.status()
                                + "); check pulse.embedding.api-key (PULSE_EMBEDDING_API_KEY)",
                        e);
            }
            throw new EmbeddingException(e.getMessage(), e);
        }
        return parse(answer, batch.size());
    }

    private String requestBody(List<String> batch) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", config.model());
        ArrayNode input = body.putArray("input");
        batch.forEach(input::add);
        if (config.requestDimension()) {
            body.put("dimensions", dimension);
        }
        return body.toString();
    }

    private List<float[]> parse(String body, int expected) {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (IOException e) {
            throw new EmbeddingException("The embedding endpoint " + http.endpoint() + " answered with invalid JSON");
        }
        if (!data.isArray() || data.size() != expected) {
            throw new EmbeddingException("The embedding endpoint " + http.endpoint() + " returned "
                    + (data.isArray() ? data.size() : 0) + " embedding(s) for " + expected + " input(s)");
        }
        float[][] vectors = new float[expected][];
        for (JsonNode item : data) {
            JsonNode index = item.path("index");
            JsonNode values = item.path("embedding");
            if (!index.canConvertToInt()
                    || index.asInt() < 0
                    || index.asInt() >= expected
                    || vectors[index.asInt()] != null
                    || !values.isArray()) {
                throw new EmbeddingException("The embedding endpoint " + http.endpoint()
                        + " returned a malformed embedding list (missing, duplicate or out-of-range index)");
            }
            if (values.size() != dimension) {
                throw new EmbeddingException("The embedding endpoint " + http.endpoint() + " returned " + values.size()
                        + "-dimensional vectors for model " + config.model() + ", but pulse.embedding.dimension"
                        + " (the schema's vector dimension, PULSE_EMBEDDING_DIMENSION) is " + dimension);
            }
            float[] vector = new float[values.size()];
            for (int d = 0; d < vector.length; d++) {
                vector[d] = (float) values.get(d).asDouble();
            }
            vectors[index.asInt()] = vector;
        }
        return List.of(vectors);
    }
}
