package io.pulse.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulse.system.PackagedStack.Service;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app as a person meets it: evidence-service serves it and proxies the other services' paths, Keycloak signs
 * people in, and Debian's headless chromium walks the journey of {@code node/web-journey.mjs} (sign in on Keycloak's
 * page; add a note and watch it get enriched; find it by a paraphrase; connect a simulated GitLab and watch the sync
 * complete; open an insight's citations, validate one, reject another with feedback; a stale edit gets the conflict
 * message; create a review period and a goal, link suggested evidence, generate, edit and export the review packet,
 * name a manager and share the packet, which the manager sees live, and nothing else, until it is revoked; sign
 * out), while a second person signed in at the same time sees none of it. axe-core checks every
 * screen; the initial JavaScript and the time to an interactive 200-item timeline are measured.
 *
 * <p>{@code -Dpulse.screenshots=<dir>} also writes the screenshots there ({@code refresh-screenshots.sh} uses
 * {@code docs/screenshots}); they always go to {@code target/screenshots}.
 */
class WebAppJourneyTest {

    private static PackagedStack stack;

    @BeforeAll
    static void start() {
        stack = PackagedStack.get();
    }

    @Test
    void aPersonWorksInTheWebAppAndASecondPersonSeesNoneOfIt() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path screenshots = Path.of(System.getProperty("pulse.screenshots", "target/screenshots"))
                .toAbsolutePath();
        try (KeycloakUsers users = new KeycloakUsers();
                SimulatedGitLab gitlab = new SimulatedGitLab(
                        "glpat-" + UUID.randomUUID().toString().replace("-", ""))) {
            Map<String, Object> config = Map.ofEntries(
                    Map.entry("baseUrl", stack.uri(Service.EVIDENCE).toString()),
                    Map.entry("runId", run),
                    Map.entry(
                            "users",
                            List.of(users.create("web-a-" + run, "Alice"), users.create("web-b-" + run, "Bob"))),
                    Map.entry("tokenUrl", users.tokenUrl()),
                    Map.entry("gitlab", Map.of("baseUrl", gitlab.baseUrl(), "token", gitlab.token())),
                    Map.entry(
                            "profileDir",
                            Files.createTempDirectory("pulse-chromium").toString()),
                    Map.entry("screenshotsDir", screenshots.toString()),
                    Map.entry(
                            "failureDir",
                            Files.createDirectories(Path.of("target"))
                                    .toAbsolutePath()
                                    .toString()));
            Path file = Files.createDirectories(Path.of("target")).resolve("web-journey-" + run + ".json");
            new ObjectMapper().writeValue(file.toFile(), config);

            NodeTool.Result result = NodeTool.run(
                    List.of("web-journey.mjs", file.toAbsolutePath().toString()), Duration.ofMinutes(12));
            System.out.println(result.output());
            assertThat(result.exitCode()).as(result.output()).isZero();

            String line = result.output()
                    .lines()
                    .filter(l -> l.startsWith("RESULT "))
                    .reduce((a, b) -> b)
                    .orElseThrow();
            JsonNode measured = new ObjectMapper().readTree(line.substring("RESULT ".length()));
            assertThat(measured.get("initialJsGzipBytes").asLong()).isPositive().isLessThanOrEqualTo(250 * 1024);
            assertThat(measured.get("axe")).hasSizeGreaterThanOrEqualTo(10);
            measured.get("axe")
                    .forEach(screen ->
                            assertThat(screen.get("seriousOrCritical")).isEmpty());
            Files.writeString(Path.of("target", "web-journey-result.json"), measured.toPrettyString());
        }
    }
}
