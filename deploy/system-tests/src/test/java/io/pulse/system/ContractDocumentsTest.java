package io.pulse.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pulse.system.PackagedStack.Service;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contracts as an integrator fetches them from the packaged services: each service's AsyncAPI document passes
 * the official AsyncAPI parser, and each OpenAPI document lints with zero errors under Redocly's recommended rules.
 */
class ContractDocumentsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static PackagedStack stack;

    @BeforeAll
    static void start() {
        stack = PackagedStack.get();
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void asyncApiDocumentIsValid(Service service) throws Exception {
        Path file = fetch(stack.uri(service).resolve("/q/asyncapi"), service.module + "-asyncapi.json");
        NodeTool.Result result = NodeTool.run(List.of("validate-asyncapi.mjs", file.toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        // One message per event type, one channel per topic: the document covers the whole event contract.
        long topics = java.util.Arrays.stream(io.pulse.common.events.EventType.values())
                .map(io.pulse.common.events.EventType::topic)
                .distinct()
                .count();
        assertThat(result.output())
                .contains("VALID: " + io.pulse.common.events.EventType.values().length + " messages, " + topics
                        + " channels");
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void openApiDocumentLintsWithoutErrors(Service service) throws Exception {
        Path file = fetch(stack.uri(service).resolve("/q/openapi?format=json"), service.module + "-openapi.json");
        NodeTool.Result result = NodeTool.run(List.of(
                NodeTool.bin("redocly"), "lint", "--config", "redocly.yaml", "--format", "stylish", file.toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        // Servers: the service itself (relative) and the public URL configured at run time, not the build machine.
        assertThat(Files.readString(file))
                .contains("\"url\" : \"/\"")
                .contains("\"url\" : \"" + stack.uri(service) + "\"");
    }

    static Path fetch(URI uri, String name) throws Exception {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + uri).isEqualTo(200);
        Path dir = Files.createDirectories(Path.of("target", "contracts").toAbsolutePath());
        Path file = dir.resolve(name);
        Files.writeString(file, response.body());
        return file;
    }
}
