package io.pulse.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A self-managed GitLab (REST v4) with one user and three merged merge requests (resources under {@code gitlab/}),
 * on this machine's network address ({@link PackagedStack#sourceHost()}). Every other listing answers an empty last
 * page. Listings answer after a short delay, so a person watching the sync sees it run before it completes.
 */
final class SimulatedGitLab implements AutoCloseable {

    private static final Pattern MERGED_AGO = Pattern.compile("MERGED-(\\d+)D");

    private final WireMockServer server;
    private final String token;

    SimulatedGitLab(String token) {
        this.token = token;
        server = new WireMockServer(
                WireMockConfiguration.options().dynamicPort().bindAddress(PackagedStack.sourceHost()));
        server.start();
        server.stubFor(get(urlPathMatching("/api/v4/.*"))
                .atPriority(10)
                .willReturn(page("[]").withFixedDelay(300)));
        server.stubFor(get(urlPathEqualTo("/api/v4/user"))
                .withHeader("PRIVATE-TOKEN", WireMock.equalTo(token))
                .willReturn(json(resource("gitlab/user.json"))));
        server.stubFor(get(urlPathEqualTo("/api/v4/merge_requests"))
                .withQueryParam("author_id", WireMock.equalTo("7310442"))
                .withQueryParam("page", absent())
                .willReturn(page(mergeRequests()).withFixedDelay(1500)));
    }

    String baseUrl() {
        return "http://" + PackagedStack.sourceHost() + ":" + server.port();
    }

    String token() {
        return token;
    }

    @Override
    public void close() {
        server.stop();
    }

    /** The merge requests, merged the given number of days ago (so they fall in any sync window). */
    private static String mergeRequests() {
        Matcher m = MERGED_AGO.matcher(resource("gitlab/merge_requests.json"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Instant at = Instant.now()
                    .minus(Long.parseLong(m.group(1)), ChronoUnit.DAYS)
                    .truncatedTo(ChronoUnit.SECONDS);
            m.appendReplacement(out, at.toString());
        }
        m.appendTail(out);
        return out.toString();
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder page(String body) {
        return json(body)
                .withHeader("X-Page", "1")
                .withHeader("X-Per-Page", "100")
                .withHeader("X-Next-Page", "")
                .withHeader("RateLimit-Limit", "2000")
                .withHeader("RateLimit-Remaining", "1990");
    }

    private static String resource(String name) {
        try (InputStream in = SimulatedGitLab.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
