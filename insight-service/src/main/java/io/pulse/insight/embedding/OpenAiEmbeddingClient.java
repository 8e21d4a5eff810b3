package io.pulse.insight.embedding;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Client of an OpenAI-compatible {@code POST /embeddings} endpoint (OpenAI, Azure OpenAI, Ollama, vLLM...).
 *
 * <p>Inputs are sent in batches of at most {@code max-batch-size}; vectors are mapped back by their {@code index}
 * (servers may answer out of order) and checked against the configured dimension. 429, 5xx, timeouts and I/O errors
 * are retried up to {@code max-attempts}, waiting {@code Retry-After} when given, else an exponential backoff; 401/403
 * and other client errors fail at once. Calls block: use it on worker threads only. The API key is never logged
 * nor put into an exception message.
 */
final class OpenAiEmbeddingClient implements EmbeddingBackend {

    private static final Logger LOG = Logger.getLogger(OpenAiEmbeddingClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_CHARS = 300;

    private final EmbeddingConfig.Remote config;
    private final int dimension;
    private final URI endpoint;
    private final HttpClient http;

    OpenAiEmbeddingClient(EmbeddingConfig.Remote config, int dimension) {
        if (config.maxBatchSize() < 1 || config.maxAttempts() < 1) {
            throw new IllegalArgumentException("pulse.embedding.max-batch-size and max-attempts must be at least 1");
        }
        this.config = config;
        this.dimension = dimension;
        String base = config.baseUrl().endsWith("/")
                ? config.baseUrl().substring(0, config.baseUrl().length() - 1)
                : config.baseUrl();
        this.endpoint = URI.create(base + "/embeddings");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout())
                .build();
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
        String body = requestBody(batch);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        config.apiKey().filter(k -> !k.isBlank()).ifPresent(k -> request.header("Authorization", "Bearer " + k));
        HttpRequest built = request.build();
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            String reason;
            try {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return parse(response.body(), batch.size());
                }
                if (status == 401 || status == 403) {
                    throw new EmbeddingException(
                            "The embedding endpoint " + endpoint + " rejected the credentials (HTTP " + status
                                    + "); check pulse.embedding.api-key (PULSE_EMBEDDING_API_KEY)");
                }
                if (status != 429 && status < 500) {
                    throw new EmbeddingException("The embedding endpoint " + endpoint + " refused the request (HTTP "
                            + status + ")" + errorMessage(response.body()));
                }
                reason = "HTTP " + status;
                Optional<Duration> retryAfter = retryAfter(response);
                if (retryAfter.isPresent() && retryAfter.get().compareTo(config.maxRetryWait()) > 0) {
                    throw new EmbeddingException("The embedding endpoint " + endpoint + " answered " + reason
                            + " asking to retry after " + retryAfter.get().toSeconds()
                            + " s, longer than pulse.embedding.max-retry-wait");
                }
                wait = retryAfter.isPresent() ? retryAfter.get() : backoff(attempt);
            } catch (IOException e) {
                reason = e.getClass().getSimpleName();
                wait = backoff(attempt);
                if (attempt >= config.maxAttempts()) {
                    throw new EmbeddingException(
                            "The embedding endpoint " + endpoint + " failed after " + attempt + " attempt(s): "
                                    + reason,
                            e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddingException("Interrupted while calling the embedding endpoint", e);
            }
            if (attempt >= config.maxAttempts()) {
                throw new EmbeddingException(
                        "The embedding endpoint " + endpoint + " failed after " + attempt + " attempt(s): " + reason);
            }
            LOG.debugf(
                    "Embedding call %d/%d failed (%s); retrying in %d ms",
                    attempt, config.maxAttempts(), reason, wait.toMillis());
            sleep(wait);
        }
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
            throw new EmbeddingException("The embedding endpoint " + endpoint + " answered with invalid JSON");
        }
        if (!data.isArray() || data.size() != expected) {
            throw new EmbeddingException("The embedding endpoint " + endpoint + " returned "
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
                throw new EmbeddingException("The embedding endpoint " + endpoint
                        + " returned a malformed embedding list (missing, duplicate or out-of-range index)");
            }
            if (values.size() != dimension) {
                throw new EmbeddingException("The embedding endpoint " + endpoint + " returned " + values.size()
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

    private String errorMessage(String body) {
        try {
            String message = JSON.readTree(body).path("error").path("message").asText("");
            if (message.isBlank()) {
                return "";
            }
            String key = config.apiKey().orElse("");
            if (!key.isBlank()) {
                message = message.replace(key, "***");
            }
            return ": "
                    + (message.length() > MAX_ERROR_CHARS ? message.substring(0, MAX_ERROR_CHARS) + "..." : message);
        } catch (IOException e) {
            return "";
        }
    }

    private Duration backoff(int attempt) {
        Duration wait = config.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
        return wait.compareTo(config.maxRetryWait()) > 0 ? config.maxRetryWait() : wait;
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            String v = value.strip();
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration until = Duration.between(
                            ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                    return Optional.of(until.isNegative() ? Duration.ZERO : until);
                } catch (RuntimeException notDate) {
                    return Optional.empty();
                }
            }
        });
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("Interrupted while waiting to retry the embedding endpoint", e);
        }
    }
}
