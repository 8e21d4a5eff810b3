package io.pulse.insight.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * WireMock extension answering {@code POST /v1/embeddings} like OpenAI: one embedding per input, each a
 * deterministic vector of the text ({@link #vectorOf}), listed in REVERSE index order so clients must map by
 * {@code index}. The transformer parameter {@code dimension} (default 384) sets the vectors' length.
 */
final class OpenAiEmbeddingsSimulator implements ResponseDefinitionTransformerV2 {

    static final String NAME = "openai-embeddings";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The vector the simulated server returns for a text (not normalised, so clients' normalisation matters). */
    static float[] vectorOf(String text, int dimension) {
        Random random = new Random(text.hashCode());
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) (random.nextGaussian() * 0.05);
        }
        return v;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        int dimension = serveEvent.getTransformerParameters().getInt("dimension", 384);
        try {
            JsonNode request = JSON.readTree(serveEvent.getRequest().getBodyAsString());
            List<String> inputs = new ArrayList<>();
            request.path("input").forEach(n -> inputs.add(n.asText()));
            ObjectNode body = JSON.createObjectNode();
            body.put("object", "list");
            ArrayNode data = body.putArray("data");
            int tokens = 0;
            for (int i = inputs.size() - 1; i >= 0; i--) {
                ObjectNode item = data.addObject();
                item.put("object", "embedding");
                item.put("index", i);
                ArrayNode embedding = item.putArray("embedding");
                for (float x : vectorOf(inputs.get(i), dimension)) {
                    embedding.add(x);
                }
                tokens += inputs.get(i).split("\\s+").length;
            }
            body.put("model", request.path("model").asText());
            body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body.toString())
                    .build();
        } catch (Exception e) {
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(400)
                    .withBody("{\"error\":{\"message\":\"bad request\"}}")
                    .build();
        }
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
