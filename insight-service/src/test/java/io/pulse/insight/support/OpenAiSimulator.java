package io.pulse.insight.support;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * A simulated OpenAI-compatible server (WireMock) that the service under test uses as its LLM. Tests whose users
 * opt out of LLM processing (profile preference {@code "llm": false}) exercise the local path in the same boot.
 *
 * <p>Fallback stubs (lowest priority) answer any analysis or insight prompt with a valid, empty-ish answer, so
 * evidence of other test suites that this boot happens to enrich never fails; tests add specific stubs matched on
 * markers in their own evidence.
 */
public class OpenAiSimulator implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        installFallbacks();
        return Map.of(
                "pulse.llm.enabled", "true",
                "quarkus.langchain4j.openai.base-url", server.baseUrl() + "/v1/",
                "quarkus.langchain4j.openai.api-key", "sk-test-simulated",
                "quarkus.langchain4j.openai.timeout", "10s");
    }

    private static void installFallbacks() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(10)
                .withRequestBody(containing("You analyse one item"))
                .willReturn(completion(
                        "{\"summary\":\"Work item analysed by the simulated model.\",\"categories\":[\"feature\"],"
                                + "\"keyPhrases\":[\"simulated\"],\"sentiment\":0.1}")));
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .atPriority(10)
                .withRequestBody(containing("prepare a performance review"))
                .willReturn(completion("{\"insights\":[]}")));
    }

    /** A chat-completions response whose assistant message is the given content. */
    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder completion(String content) {
        String body = "{\"id\":\"chatcmpl-sim\",\"object\":\"chat.completion\",\"created\":1764000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":" + quote(content) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":60,\"total_tokens\":180}}";
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Resets request logs, keeping stubs. */
    public static void resetRequests() {
        server.resetRequests();
    }
}
