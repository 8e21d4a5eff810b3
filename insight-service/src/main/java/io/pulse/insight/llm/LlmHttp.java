package io.pulse.insight.llm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.pulse.common.tracing.ClientSpans;

/**
 * The transport of one OpenAI-compatible endpoint ({@code /chat/completions}, {@code /embeddings}): posts JSON with
 * the bearer key, under the {@link LlmRetryPolicy}, and turns every failure into a classified
 * {@link LlmCallException} carrying the wait the server asked for. Each call is timed in
 * {@code gen_ai.client.operation.duration} (OpenTelemetry's GenAI metric) with {@code error.type} = the class of the
 * failure or {@code none}: a bounded label, never the error body. Blocking: worker threads only.
 */
public final class LlmHttp {

    private final String operation;
    private final URI endpoint;
    private final Optional<String> apiKey;
    private final String model;
    private final LlmRetryPolicy policy;
    private final MeterRegistry metrics;
    private final HttpClient http;

    /**
     * @param operation {@code chat} or {@code embeddings}: the metric label and the retry policy's scope
     * @param model the model name, a label of the duration metric (configuration, so bounded)
     */
    public LlmHttp(
            String operation,
            URI endpoint,
            Optional<String> apiKey,
            String model,
            Duration connectTimeout,
            LlmRetryPolicy policy,
            MeterRegistry metrics) {
        this.operation = operation;
        this.endpoint = endpoint;
        this.apiKey = apiKey.filter(k -> !k.isBlank());
        this.model = model;
        this.policy = policy;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    /** {@code base} without a trailing slash, plus {@code path}. */
    public static URI endpoint(String base, String path) {
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * Posts {@code body} and returns the answer's body once a call succeeds (2xx).
     *
     * @param timeout the longest one call may take
     * @throws LlmCallException when the calls failed for good
     */
    public String post(String body, Duration timeout) {
        return policy.call(operation, timeout, t -> once(body, t));
    }

    private String once(String body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        apiKey.ifPresent(k -> request.header("Authorization", "Bearer " + k));
        long start = System.nanoTime();
        LlmErrorType failure = null;
        Span span = ClientSpans.start("llm." + operation, "POST", endpoint);
        span.setAttribute("gen_ai.operation.name", operation);
        span.setAttribute("gen_ai.request.model", model);
        int status = 0;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            if (status >= 200 && status <= 299) {
                return response.body();
            }
            failure = LlmErrorType.ofStatus(status);
            // The body is read and dropped: it may echo the prompt or the user's evidence, so it goes nowhere.
            throw new LlmCallException(
                    failure,
                    status,
                    RetryHints.of(status, response.headers(), Instant.now()),
                    "The LLM's " + operation + " endpoint " + endpoint + " answered HTTP " + status);
        } catch (HttpTimeoutException e) {
            failure = LlmErrorType.TIMEOUT;
            throw new LlmCallException(
                    failure,
                    "The LLM's " + operation + " endpoint " + endpoint + " did not answer within " + timeout.toMillis()
                            + " ms",
                    e);
        } catch (IOException e) {
            failure = LlmErrorType.CONNECTION;
            throw new LlmCallException(
                    failure,
                    "The LLM's " + operation + " endpoint " + endpoint + " could not be reached ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = LlmErrorType.OTHER;
            throw new LlmCallException(failure, "Interrupted while calling the LLM's " + operation + " endpoint", e);
        } finally {
            ClientSpans.end(span, status, null);
            Timer.builder("gen_ai.client.operation.duration")
                    .description("Duration of one call to the LLM endpoint (each retry is a call)")
                    .tag("gen_ai.operation.name", operation)
                    .tag("gen_ai.request.model", model)
                    .tag("error.type", failure == null ? "none" : failure.label())
                    .register(metrics)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Counts the tokens an answer reports ({@code gen_ai.client.token.usage}). */
    public void countTokens(String type, long tokens) {
        if (tokens > 0) {
            metrics.counter(
                            "gen_ai.client.token.usage",
                            "gen_ai.operation.name",
                            operation,
                            "gen_ai.request.model",
                            model,
                            "gen_ai.token.type",
                            type)
                    .increment(tokens);
        }
    }
}
