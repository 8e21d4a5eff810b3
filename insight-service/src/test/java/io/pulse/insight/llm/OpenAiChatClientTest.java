package io.pulse.insight.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulse.insight.support.OpenAiSimulator;
import io.quarkus.runtime.configuration.DurationConverter;
import io.restassured.path.json.JsonPath;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chat client against a simulated OpenAI-compatible server (WireMock), with real waits: a 429 burst is survived
 * by waiting what the server asked for, in seconds and as an HTTP-date, before calling again.
 */
class OpenAiChatClientTest {

    private static final String KEY = "sk-test-chat-9c1d";
    private static final String RATE_LIMITED = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini in"
            + " organization org-sim on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in"
            + " 1s.\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(new OpenAiSimulator.RetryAfterDate()));
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

    /** Waits for real, and remembers each wait. */
    private final List<Duration> waits = new ArrayList<>();

    private OpenAiChatClient client(SimpleMeterRegistry metrics, String... overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("pulse.llm.base-url", server.baseUrl() + "/v1");
        props.put("pulse.llm.api-key", KEY);
        props.put("pulse.llm.timeout", "5s");
        props.put("pulse.llm.retry.initial-backoff", "20ms");
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        LlmConfig config = new SmallRyeConfigBuilder()
                .withMapping(LlmConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 500))
                .build()
                .getConfigMapping(LlmConfig.class);
        LlmRetryPolicy policy = new LlmRetryPolicy(
                config.retry(),
                metrics,
                wait -> {
                    waits.add(wait);
                    Thread.sleep(wait.toMillis());
                },
                System::nanoTime,
                new Random());
        return new OpenAiChatClient(config, policy, metrics);
    }

    private static List<OpenAiChatClient.Message> prompt() {
        return List.of(
                new OpenAiChatClient.Message("system", "Reply with JSON."),
                new OpenAiChatClient.Message("user", "Evidence: shipped the importer."));
    }

    @Test
    void survivesA429BurstWaitingWhatTheServerAskedFor() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .inScenario("burst")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", "1")
                        .withBody(RATE_LIMITED))
                .willSetStateTo("date"));
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .inScenario("burst")
                .whenScenarioStateIs("date")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody(RATE_LIMITED)
                        .withTransformers(OpenAiSimulator.RetryAfterDate.NAME)
                        .withTransformerParameter("seconds", 2))
                .willSetStateTo("reset-header"));
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .inScenario("burst")
                .whenScenarioStateIs("reset-header")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-ratelimit-limit-requests", "3")
                        .withHeader("x-ratelimit-remaining-requests", "0")
                        .withHeader("x-ratelimit-reset-requests", "1s")
                        .withBody(RATE_LIMITED))
                .willSetStateTo("ok"));
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .inScenario("burst")
                .whenScenarioStateIs("ok")
                .willReturn(OpenAiSimulator.completion("{\"insights\":[]}")));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();

        String answer = client(metrics).complete(prompt());

        assertThat(answer).isEqualTo("{\"insights\":[]}");
        List<LoggedRequest> calls = server.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(calls).hasSize(4);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < calls.size(); i++) {
            gaps.add(calls.get(i).getLoggedDate().getTime()
                    - calls.get(i - 1).getLoggedDate().getTime());
        }
        System.out.printf(
                "429 burst: waits %s ms; gaps between the calls the server saw %s ms%n",
                waits.stream().map(Duration::toMillis).toList(), gaps);
        // Retry-After: 1 -> at least 1 s (plus at most 100 ms of jitter).
        assertThat(waits.get(0).toMillis()).isBetween(1000L, 1100L);
        // Retry-After as an HTTP-date 2 s ahead (second precision) -> between 1 and 2 s, plus jitter.
        assertThat(waits.get(1).toMillis()).isBetween(950L, 2200L);
        // No Retry-After, exhausted request limit resetting in 1s -> 1 s.
        assertThat(waits.get(2).toMillis()).isBetween(1000L, 1100L);
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(990L);
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(940L);
        assertThat(gaps.get(2)).isGreaterThanOrEqualTo(990L);
        assertThat(metrics.find("pulse.llm.retries")
                        .tag("error_type", "rate_limited")
                        .counter()
                        .count())
                .isEqualTo(3);
    }

    @Test
    void sendsTheOpenAiRequestShapeWithTheBearerKey() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(OpenAiSimulator.completion("{}")));

        client(new SimpleMeterRegistry()).complete(prompt());

        LoggedRequest request = server.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))
                .get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        JsonPath body = JsonPath.from(request.getBodyAsString());
        assertThat(body.getString("model")).isEqualTo("gpt-4o-mini");
        assertThat(body.getString("messages[0].role")).isEqualTo("system");
        assertThat(body.getString("messages[1].content")).isEqualTo("Evidence: shipped the importer.");
        assertThat(body.getDouble("temperature")).isZero();
        assertThat(body.getString("response_format.type")).isEqualTo("json_object");
    }

    @Test
    void anOutageFailsWithItsClassAndNeverWithTheServersBody() {
        String marker = "req_7f3a-Confidential-appraisal-of-Frank";
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"The server had an error processing " + marker
                                + "\",\"type\":\"server_error\"}}")));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();

        assertThatThrownBy(() ->
                        client(metrics, "pulse.llm.retry.max-attempts", "3").complete(prompt()))
                .isInstanceOfSatisfying(LlmCallException.class, e -> {
                    assertThat(e.type()).isEqualTo(LlmErrorType.SERVER_ERROR);
                    assertThat(e.status()).isEqualTo(500);
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage()))
                                .doesNotContain(marker)
                                .doesNotContain(KEY);
                    }
                });
        server.verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(waits).hasSize(2);
        assertThat(metrics.find("gen_ai.client.operation.duration")
                        .tag("error.type", "5xx")
                        .timer()
                        .count())
                .isEqualTo(3);
        metrics.getMeters()
                .forEach(m -> m.getId()
                        .getTags()
                        .forEach(t -> assertThat(t.getValue()).doesNotContain(marker)));
    }

    @Test
    void aTimeoutIsRetriedThenReportedAsATimeout() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(OpenAiSimulator.completion("{}").withFixedDelay(1500)));

        assertThatThrownBy(() -> client(
                                new SimpleMeterRegistry(),
                                "pulse.llm.timeout",
                                "300ms",
                                "pulse.llm.retry.max-attempts",
                                "2")
                        .complete(prompt()))
                .isInstanceOfSatisfying(
                        LlmCallException.class, e -> assertThat(e.type()).isEqualTo(LlmErrorType.TIMEOUT));
        server.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void anUnauthorisedKeyFailsAtOnce() {
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                                + ".\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")));

        assertThatThrownBy(() -> client(new SimpleMeterRegistry()).complete(prompt()))
                .isInstanceOfSatisfying(LlmCallException.class, e -> {
                    assertThat(e.type()).isEqualTo(LlmErrorType.AUTH);
                    assertThat(e.getMessage()).doesNotContain(KEY);
                });
        server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }
}
