package io.pulse.insight.embedding;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.pulse.common.web.TextRules;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An OpenAI-compatible embedding endpoint ({@link OpenAiEmbeddingsSimulator}) that, like OpenAI itself, answers 400
 * {@code invalid_request_error} to a request containing an input with nothing to embed (only invisible characters,
 * such as one zero-width space): the poisoned item of issue 9. The whole request fails, as it does at OpenAI, so a
 * batch holding that item fails together with it unless enrichment isolates it.
 */
public class InvisibleInputRefusingEmbeddings implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(new RefuseInvisible()));
        server.start();
        server.stubFor(WireMock.post("/v1/embeddings")
                .willReturn(WireMock.aResponse().withTransformers(RefuseInvisible.NAME)));
        return Map.of(
                "pulse.embedding.provider", "openai",
                "pulse.embedding.base-url", server.baseUrl() + "/v1",
                "pulse.embedding.api-key", "sk-test-poison",
                "pulse.llm.retry.initial-backoff", "20ms");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A request with an invisible-only input is refused as a whole; any other is the simulator's. */
    static final class RefuseInvisible implements ResponseDefinitionTransformerV2 {
        static final String NAME = "refuse-invisible-input";
        private static final ObjectMapper JSON = new ObjectMapper();
        private final OpenAiEmbeddingsSimulator simulator = new OpenAiEmbeddingsSimulator();

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            try {
                JsonNode request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
                for (JsonNode input : request.path("input")) {
                    String problem = TextRules.problem(input.asText());
                    if (problem != null) {
                        return ResponseDefinitionBuilder.responseDefinition()
                                .withStatus(400)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"error\":{\"message\":\"'$.input' is invalid: an input has no"
                                        + " content.\",\"type\":\"invalid_request_error\",\"param\":\"input\"}}")
                                .build();
                    }
                }
            } catch (Exception e) {
                // Not JSON: the simulator answers it.
            }
            return simulator.transform(serveEvent);
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
