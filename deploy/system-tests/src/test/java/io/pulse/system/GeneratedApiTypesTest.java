package io.pulse.system;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pulse.system.PackagedStack.Service;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app's API types are generated from the services' OpenAPI documents, never written by hand: the committed
 * {@code evidence-service/src/main/webui/src/api/*.ts} equal what {@code openapi-typescript} makes of the packaged
 * services' documents. After an API change, {@code npm run gen:api} (in the webui folder) regenerates them.
 */
class GeneratedApiTypesTest {

    private static PackagedStack stack;

    @BeforeAll
    static void start() {
        stack = PackagedStack.get();
    }

    @Test
    void committedTypesMatchThePackagedServicesDocuments() throws Exception {
        Path script = Path.of(System.getProperty("pulse.root", "../.."))
                .resolve("evidence-service/src/main/webui/scripts/gen-api.mjs")
                .toAbsolutePath()
                .normalize();
        NodeTool.Result result = NodeTool.run(List.of(
                script.toString(),
                "--check",
                "--evidence",
                stack.uri(Service.EVIDENCE).toString(),
                "--insight",
                stack.uri(Service.INSIGHT).toString(),
                "--sync",
                stack.uri(Service.SYNC).toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("UP TO DATE");
    }
}
