package io.pulse.common.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table-driven hostile-input tests of every service (issue 9) share this: a hostile request as written (no client
 * library re-encoding its query or body), and the check that the answer is the expected 4xx problem+json naming the
 * field, without an internal class name.
 */
public final class HostileRequests {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One hostile request and what it must get. {@code path} holds the query string as sent (already
     * percent-encoded); {@code body} null sends none, else it is sent as application/json.
     */
    public record Case(String name, String method, String path, String body, int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    private HostileRequests() {}

    /** Sends the request as the token's holder, with {@code If-Match: "1"}. */
    public static HttpResponse<String> send(URI base, String token, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(base.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("If-Match", "\"1\"");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Sends the case and checks its answer. */
    public static void assertRefused(URI base, String token, Case c) throws Exception {
        HttpResponse<String> response = send(base, token, c.method(), c.path(), c.body());
        assertProblem(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body(),
                c.status(),
                c.field());
    }

    /** Checks a raw response. */
    public static void assertProblem(RawHttp.Response response, int status, String field) throws Exception {
        assertProblem(response.status(), response.contentType(), response.body(), status, field);
    }

    /** The answer is {@code status} as problem+json, naming {@code field} (when non-null) in its errors. */
    public static void assertProblem(int actual, String contentType, String body, int status, String field)
            throws Exception {
        assertThat(actual).as(body).isEqualTo(status);
        assertThat(contentType).as(actual + " " + body).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(body).doesNotContain("Exception").doesNotContain("io.pulse").doesNotContain("\tat ");
        if (field != null) {
            List<String> fields = new ArrayList<>();
            problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
            assertThat(fields).as(body).contains(field);
        }
    }

    /** A cursor in this API's format for the given instant text (e.g. one outside every sane range). */
    public static String cursor(String instant) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((instant + "|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    }

    /** The query-string examples of the issue for a text parameter: NUL, lone surrogate, invisible, undecodable. */
    public static List<String> hostileTextQueries() {
        return List.of("%00", "ab%00cd", "%ED%A0%80", "%E2%80%8B", "%C2%A0", "%EF%BB%BF", "%FF", "%E2%80");
    }
}
