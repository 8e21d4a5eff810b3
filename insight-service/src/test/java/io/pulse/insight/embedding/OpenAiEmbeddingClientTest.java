package io.pulse.insight.embedding;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulse.insight.llm.LlmConfig;
import io.pulse.insight.llm.LlmRetryPolicy;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.langchain4j.model.embedding.EmbeddingModel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code openai} embedding backend against a simulated OpenAI-compatible server (WireMock), built from the real
 * {@link EmbeddingConfig} mapping without booting Quarkus.
 */
class OpenAiEmbeddingClientTest {

    private static final String KEY = "sk-test-embeddings-5f2c";
    private static final int DIM = 384;
    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(new OpenAiEmbeddingsSimulator()));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static EmbeddingConfig config(String... overrides) {
        return build(overrides).getConfigMapping(EmbeddingConfig.class);
    }

    private static SmallRyeConfig build(String... overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("pulse.embedding.provider", "openai");
        props.put("pulse.embedding.base-url", server.baseUrl() + "/v1");
        props.put("pulse.embedding.api-key", KEY);
        props.put("pulse.llm.retry.initial-backoff", "20ms");
        props.put("pulse.embedding.timeout", "5s");
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        return mapping(props);
    }

    private static SmallRyeConfig mapping(Map<String, String> props) {
        return new SmallRyeConfigBuilder()
                .withMapping(EmbeddingConfig.class)
                .withMapping(LlmConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 500))
                .build();
    }

    /** The retry policy the service would build from the same settings (real clock and sleeps). */
    private static LlmRetryPolicy policy(String... overrides) {
        return new LlmRetryPolicy(build(overrides).getConfigMapping(LlmConfig.class), new SimpleMeterRegistry());
    }

    private static OpenAiEmbeddingClient client(EmbeddingConfig config, String... retryOverrides) {
        return new OpenAiEmbeddingClient(
                config.remote(), config.dimension(), policy(retryOverrides), new SimpleMeterRegistry());
    }

    private static EmbeddingService service(EmbeddingConfig config, Supplier<EmbeddingModel> inProcess) {
        return new EmbeddingService(config, inProcess, policy(), new SimpleMeterRegistry());
    }

    private static void stubEmbeddings(int dimension) {
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .willReturn(aResponse()
                        .withTransformers(OpenAiEmbeddingsSimulator.NAME)
                        .withTransformerParameter("dimension", dimension)));
    }

    private static String words(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).collect(Collectors.joining(" "));
    }

    @Test
    void sendsModelInputArrayAndBearerKeyAndMapsVectorsByIndex() {
        stubEmbeddings(DIM);

        List<float[]> vectors = client(config()).embed(List.of("fixed the flaky test", "reviewed a merge request"));

        server.verify(
                1,
                postRequestedFor(urlEqualTo("/v1/embeddings"))
                        .withHeader("Authorization", equalTo("Bearer " + KEY))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(equalToJson("{\"model\":\"text-embedding-3-small\","
                                + "\"input\":[\"fixed the flaky test\",\"reviewed a merge request\"]}")));
        // The simulator lists the data in reverse index order.
        assertThat(vectors.get(0)).isEqualTo(OpenAiEmbeddingsSimulator.vectorOf("fixed the flaky test", DIM));
        assertThat(vectors.get(1)).isEqualTo(OpenAiEmbeddingsSimulator.vectorOf("reviewed a merge request", DIM));
    }

    @Test
    void requestsTheSchemaDimensionWhenConfiguredAndRecordsItInTheModelId() {
        stubEmbeddings(DIM);
        EmbeddingConfig config =
                config("pulse.embedding.request-dimension", "true", "pulse.embedding.model", "text-embedding-3-large");

        client(config).embed(List.of("one"));

        server.verify(postRequestedFor(urlEqualTo("/v1/embeddings"))
                .withRequestBody(
                        equalToJson("{\"model\":\"text-embedding-3-large\",\"input\":[\"one\"],\"dimensions\":384}")));
        assertThat(service(config, () -> null).modelId()).isEqualTo("openai:text-embedding-3-large@384");
    }

    @Test
    void splitsLargeInputsIntoBatchesAndKeepsTheOrder() {
        stubEmbeddings(DIM);
        List<String> texts = IntStream.range(0, 7).mapToObj(i -> "item " + i).toList();

        List<float[]> vectors =
                client(config("pulse.embedding.max-batch-size", "3")).embed(texts);

        server.verify(
                2,
                postRequestedFor(urlEqualTo("/v1/embeddings"))
                        .withRequestBody(matchingJsonPath("$.input.length()", equalTo("3"))));
        server.verify(
                1,
                postRequestedFor(urlEqualTo("/v1/embeddings"))
                        .withRequestBody(matchingJsonPath("$.input.length()", equalTo("1"))));
        server.verify(3, postRequestedFor(urlEqualTo("/v1/embeddings")));
        for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).isEqualTo(OpenAiEmbeddingsSimulator.vectorOf(texts.get(i), DIM));
        }
    }

    @Test
    void waitsForRetryAfterOn429ThenSucceeds() {
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .inScenario("rate-limit")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", "1")
                        .withBody("{\"error\":{\"message\":\"Rate limit reached for text-embedding-3-small on requests"
                                + " per min (RPM): Limit 3000, Used 3000, Requested 1.\",\"type\":\"requests\","
                                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}"))
                .willSetStateTo("recovered"));
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .inScenario("rate-limit")
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse().withTransformers(OpenAiEmbeddingsSimulator.NAME)));

        long start = System.nanoTime();
        List<float[]> vectors = client(config()).embed(List.of("shipped the release"));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
        assertThat(vectors.get(0)).isEqualTo(OpenAiEmbeddingsSimulator.vectorOf("shipped the release", DIM));
        // The configured backoff is 20 ms: the second call waited for the server's Retry-After (1 s).
        assertThat(elapsedMs).isGreaterThanOrEqualTo(950);
    }

    @Test
    void gives5xxUpAfterMaxAttempts() {
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .willReturn(aResponse().withStatus(503).withBody("upstream overloaded")));

        assertThatThrownBy(() ->
                        client(config(), "pulse.llm.retry.max-attempts", "3").embed(List.of("x")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("embeddings call failed after 3 attempt(s) (5xx)");
        server.verify(3, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void rejectsRetryAfterLongerThanTheMaximumWait() {
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        assertThatThrownBy(() -> client(config()).embed(List.of("x")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("the server asked to wait 120 s, longer than pulse.llm.retry.max-wait");
        server.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void timesOutSlowResponsesAndRetriesThem() {
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"object\":\"list\",\"data\":[]}")
                        .withFixedDelay(1500)));

        assertThatThrownBy(() -> client(config("pulse.embedding.timeout", "300ms"), "pulse.llm.retry.max-attempts", "2")
                        .embed(List.of("x")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("failed after 2 attempt(s) (timeout)")
                .hasRootCauseInstanceOf(HttpTimeoutException.class);
        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void failsClearlyWithoutRetryOn401AndNeverShowsTheKey() {
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                                + ". You can find your API key at https://platform.openai.com/account/api-keys.\","
                                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")));

        assertThatThrownBy(() -> client(config()).embed(List.of("x")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("rejected the credentials (HTTP 401)")
                .hasMessageContaining("PULSE_EMBEDDING_API_KEY")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
        server.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
    }

    @Test
    void rejectsVectorsOfAnotherDimensionAndTheServiceDoesNotStart() {
        stubEmbeddings(1536);
        EmbeddingConfig config = config();

        assertThatThrownBy(() -> client(config).embed(List.of("x")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("returned 1536-dimensional vectors")
                .hasMessageContaining("pulse.embedding.dimension");

        EmbeddingService service = service(config, () -> null);
        assertThatThrownBy(service::warmUp)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openai embedding backend (openai:text-embedding-3-small) is unusable")
                .hasMessageContaining("1536-dimensional");
        assertThat(service.isWarm()).isFalse();
        assertThat(new EmbeddingModelReadiness(service).call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void serviceChunksAndPoolsThroughTheRemoteBackendWithoutLoadingTheInProcessModel() {
        stubEmbeddings(DIM);
        EmbeddingService service = service(config("pulse.embedding.max-batch-size", "2"), () -> {
            throw new AssertionError("the in-process model must not be resolved with provider openai");
        });
        service.warmUp();
        server.resetRequests();
        String longText = words("w", 500);

        List<float[]> vectors = service.embedAll(List.of("short note", longText));

        List<TextChunks.Chunk> chunks = TextChunks.split(longText, 200, 40, 48);
        assertThat(chunks).hasSize(3);
        // 1 + 3 chunks in batches of at most 2.
        server.verify(2, postRequestedFor(urlEqualTo("/v1/embeddings")));
        assertThat(vectors.get(0))
                .isEqualTo(EmbeddingService.normalized(OpenAiEmbeddingsSimulator.vectorOf("short note", DIM)));
        float[] pooled = new float[DIM];
        for (TextChunks.Chunk chunk : chunks) {
            float[] v = EmbeddingService.normalized(OpenAiEmbeddingsSimulator.vectorOf(chunk.text(), DIM));
            for (int d = 0; d < DIM; d++) {
                pooled[d] += chunk.words() * v[d];
            }
        }
        assertThat(vectors.get(1)).isEqualTo(EmbeddingService.normalized(pooled));

        HealthCheckResponse health = new EmbeddingModelReadiness(service).call();
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(health.getData().orElseThrow())
                .containsEntry("provider", "openai")
                .containsEntry("model", "openai:text-embedding-3-small");
    }

    @Test
    void defaultsKeepTheInProcessModelAndItsId() {
        EmbeddingService service = service(mapping(Map.of()).getConfigMapping(EmbeddingConfig.class), () -> null);

        assertThat(service.provider()).isEqualTo("in-process");
        assertThat(service.modelId()).isEqualTo("all-minilm-l6-v2");
    }
}
