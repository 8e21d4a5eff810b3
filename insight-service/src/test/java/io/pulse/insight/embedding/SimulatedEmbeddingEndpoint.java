package io.pulse.insight.embedding;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * An OpenAI-compatible {@code POST /v1/embeddings} endpoint ({@link OpenAiEmbeddingsSimulator}: 384-dimensional
 * vectors, answered in reverse index order) that the service under test embeds with. The native executable cannot run
 * the in-process model, so its {@code *IT} classes embed here, as a native deployment embeds with a remote endpoint.
 */
public class SimulatedEmbeddingEndpoint implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(new OpenAiEmbeddingsSimulator()));
        server.start();
        server.stubFor(post(urlEqualTo("/v1/embeddings"))
                .willReturn(aResponse().withTransformers(OpenAiEmbeddingsSimulator.NAME)));
        return Map.of(
                "pulse.embedding.provider", "openai",
                "pulse.embedding.base-url", server.baseUrl() + "/v1",
                "pulse.embedding.api-key", "sk-test-simulated",
                "pulse.embedding.model", "text-embedding-3-small",
                "pulse.embedding.dimension", "384");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
