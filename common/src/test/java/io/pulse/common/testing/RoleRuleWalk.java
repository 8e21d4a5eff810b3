package io.pulse.common.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role rule, checked from outside: walks every {@code /api/} operation a service documents in its OpenAPI
 * document, calls it with a valid token that carries neither realm role, and expects 403 problem+json from each,
 * with no profile created for that identity. Every service runs it against itself, so an endpoint added later is
 * covered without anyone remembering to.
 */
public final class RoleRuleWalk {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RoleRuleWalk() {}

    /**
     * Walks the service at {@code base} (e.g. {@code http://localhost:port/}).
     *
     * @return how many operations were called
     */
    public static int assertEveryOperationForbidsTokensWithoutRole(URI base) throws Exception {
        JsonNode doc = new ObjectMapper().readTree(get(base.resolve("/q/openapi?format=json")));
        String subject = TestTokens.newSubject();
        String token = TestTokens.token(subject, List.of());
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            String concrete =
                    path.getKey().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(concrete))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token)
                        .header("If-Match", "\"1\"");
                if (op.getValue().has("requestBody")) {
                    request.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString("{}"));
                } else {
                    request.method(method, HttpRequest.BodyPublishers.noBody());
                }
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                calls++;
                String type = response.headers().firstValue("Content-Type").orElse("");
                if (response.statusCode() != 403 || !type.startsWith("application/problem+json")) {
                    failures.add(method + " " + path.getKey() + " answered " + response.statusCode() + " " + type);
                }
            }
        }
        assertThat(calls).as("operations walked").isPositive();
        assertThat(failures).as("operations open to a token without role").isEmpty();
        assertThat(profilesOf(subject))
                .as("profiles created for a token without role")
                .isZero();
        return calls;
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + uri).isEqualTo(200);
        return response.body();
    }

    private static int profilesOf(String subject) throws SQLException {
        try (Connection c = TestDatabase.connect(TestDatabase.Role.OWNER);
                PreparedStatement ps = c.prepareStatement("select count(*) from profiles where oidc_subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
