package io.pulse.insight.support;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

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
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(new RetryAfterDate()));
        server.start();
        installFallbacks();
        return Map.ofEntries(
                Map.entry("pulse.llm.enabled", "true"),
                Map.entry("pulse.llm.base-url", server.baseUrl() + "/v1"),
                Map.entry("pulse.llm.api-key", "sk-test-simulated"),
                Map.entry("pulse.llm.timeout", "10s"),
                // Short computed backoffs keep outage tests quick; a server's Retry-After is still honoured in full.
                Map.entry("pulse.llm.retry.initial-backoff", "100ms"),
                Map.entry("pulse.llm.retry.max-backoff", "400ms"),
                Map.entry("pulse.llm.retry.budget", "30s"),
                // One boot serves every test: an outage simulated for one test must not cool the others' calls down.
                Map.entry("pulse.llm.retry.cool-down", "0s"));
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

    /**
     * A response whose {@code Retry-After} is an HTTP-date {@code seconds} (transformer parameter) after the moment
     * it is served: {@code .withTransformers(RetryAfterDate.NAME).withTransformerParameter("seconds", 2)}.
     */
    public static final class RetryAfterDate implements ResponseDefinitionTransformerV2 {

        public static final String NAME = "retry-after-date";

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            int seconds = serveEvent.getTransformerParameters().getInt("seconds", 2);
            String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(seconds));
            return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
                    .but()
                    .withHeader("Retry-After", date)
                    .build();
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

    /** Resets request logs, keeping stubs. */
    public static void resetRequests() {
        server.resetRequests();
    }
}
