package io.pulse.insight.llm;

import java.io.IOException;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Client of an OpenAI-compatible {@code POST /chat/completions} endpoint (OpenAI, Azure OpenAI, Ollama, vLLM...):
 * JSON output ({@code response_format: json_object}), temperature 0, no tools, under the {@link LlmRetryPolicy}
 * shared with the embedding client. The answer's text is returned as it is; checking it is the caller's job.
 * Blocking: worker threads only. The API key is never logged nor put into an exception message.
 */
@ApplicationScoped
public class OpenAiChatClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message of the conversation. */
    public record Message(String role, String content) {}

    private final LlmConfig config;
    private final LlmHttp http;

    @Inject
    public OpenAiChatClient(LlmConfig config, LlmRetryPolicy policy, MeterRegistry metrics) {
        this.config = config;
        this.http = new LlmHttp(
                "chat",
                LlmHttp.endpoint(config.baseUrl(), "/chat/completions"),
                config.apiKey(),
                config.model(),
                config.timeout(),
                policy,
                metrics);
    }

    /** The model named in requests. */
    public String model() {
        return config.model();
    }

    /**
     * The assistant's answer to the messages.
     *
     * @throws LlmCallException when the endpoint fails for good, or answers without a message ({@code malformed})
     */
    public String complete(List<Message> messages) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", config.model());
        ArrayNode list = body.putArray("messages");
        messages.forEach(m -> list.addObject().put("role", m.role()).put("content", m.content()));
        body.put("temperature", 0);
        body.putObject("response_format").put("type", "json_object");
        String answer = http.post(body.toString(), config.timeout());
        try {
            JsonNode json = JSON.readTree(answer);
            JsonNode usage = json.path("usage");
            http.countTokens("input", usage.path("prompt_tokens").asLong());
            http.countTokens("output", usage.path("completion_tokens").asLong());
            JsonNode content = json.path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw malformed("without a message");
            }
            return content.asText();
        } catch (IOException e) {
            throw malformed("with invalid JSON");
        }
    }

    private LlmCallException malformed(String what) {
        return new LlmCallException(
                LlmErrorType.MALFORMED,
                200,
                java.util.Optional.empty(),
                "The LLM's chat endpoint " + http.endpoint() + " answered " + what);
    }
}
