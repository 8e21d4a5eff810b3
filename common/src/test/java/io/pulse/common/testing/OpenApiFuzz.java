package io.pulse.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes a service from its own OpenAPI document: every {@code /api/} operation is called many times with random and
 * boundary values in its path, query and body (built from the documented schema, then bent: hostile text, wrong
 * types, out-of-range numbers and dates, unknown fields, broken JSON), as a valid user. No answer may be a 5xx other
 * than one the operation documents itself (a 502 for an unreachable source, say), and every error must be
 * problem+json. Every service runs it against itself, so a new endpoint is fuzzed without anyone remembering to.
 *
 * <p>The seed is printed and can be fixed with {@code -Dpulse.fuzz.seed=...} to replay a failure.
 */
public final class OpenApiFuzz {

    /** Text every string field should survive: control and invisible characters, odd Unicode, sizes, injections. */
    static final List<String> HOSTILE_TEXT = List.of(
            "",
            " ",
            "\u0000",
            "a\u0000b",
            "\ud800",
            "x\udc00",
            "\u200b",
            "\u00a0",
            "\ufeff",
            "\u202e\u2066",
            "\ud83d\ude00",
            "\uffff",
            "x".repeat(5000),
            "'; drop table evidence; --",
            "../../../../etc/passwd",
            "<script>alert(1)</script>",
            "${jndi:ldap://x}",
            "null",
            "-1",
            "1e309",
            "NaN",
            "0000-00-00",
            "-4714-01-01T00:00:00Z",
            "+275760-09-13T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "9999-12-31T23:59:59Z",
            "2026-02-30",
            "https://example.com/a",
            "http://127.0.0.1:1/",
            "javascript:alert(1)");

    /**
     * Raw (already percent-encoded) query values: undecodable bytes, NUL, lone surrogates, invisible text. (Broken
     * escapes such as {@code %G1} cannot be sent with {@link HttpClient}; {@link RawHttp} sends those.)
     */
    static final List<String> RAW_QUERY_VALUES = List.of(
            "%FF", "%00", "%ED%A0%80", "%E2%80%8B", "%C2%A0", "%EF%BB%BF", "%C3", "+", "%2B%2B", "a%00b", "%F0%9F%98");

    static final List<Object> NUMBERS = List.of(
            0,
            -1,
            1,
            2,
            99,
            100,
            101,
            Integer.MAX_VALUE,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            1.5,
            -0.0,
            1e308,
            15,
            10080);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the walk did. */
    public record Result(long seed, int operations, int requests) {}

    private final URI base;
    private final String token;
    private final Random random;
    private final long seed;
    private JsonNode doc;

    private OpenApiFuzz(URI base, String token, long seed) {
        this.base = base;
        this.token = token;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /**
     * Sends {@code perOperation} fuzzed requests to every documented {@code /api/} operation of the service at
     * {@code base} as the holder of {@code token}, and fails listing every 5xx or non-problem error.
     */
    public static Result assertNoServerErrors(URI base, String token, int perOperation) throws Exception {
        long seed = Long.getLong("pulse.fuzz.seed", System.nanoTime());
        System.out.println("OpenApiFuzz seed " + seed + " for " + base);
        return new OpenApiFuzz(base, token, seed).run(perOperation);
    }

    private Result run(int perOperation) throws Exception {
        HttpResponse<String> openapi = send(HttpRequest.newBuilder(base.resolve("/q/openapi?format=json"))
                .GET()
                .build());
        assertThat(openapi.statusCode()).as("GET /q/openapi").isEqualTo(200);
        doc = JSON.readTree(openapi.body());
        List<String> failures = new ArrayList<>();
        int operations = 0;
        int requests = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                operations++;
                for (int i = 0; i < perOperation; i++) {
                    requests++;
                    String failure = call(method, path.getKey(), op.getValue(), i);
                    if (failure != null && failures.size() < 50) {
                        failures.add(failure);
                    }
                }
            }
        }
        assertThat(operations).as("operations fuzzed").isPositive();
        assertThat(failures).as("server errors (seed " + seed + ")").isEmpty();
        return new Result(seed, operations, requests);
    }

    /** One fuzzed call; a description of what went wrong, or null. */
    private String call(String method, String template, JsonNode operation, int round) throws Exception {
        StringBuilder query = new StringBuilder();
        String path = template;
        for (JsonNode parameter : parameters(operation)) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            if (in.equals("path")) {
                path = path.replace("{" + name + "}", pathValue());
            } else if (in.equals("query") && random.nextInt(3) > 0) {
                int times = random.nextInt(8) == 0 ? 2 + random.nextInt(12) : 1;
                for (int t = 0; t < times; t++) {
                    query.append(query.length() == 0 ? "" : "&")
                            .append(name)
                            .append('=')
                            .append(queryValue(schema(parameter.path("schema"))));
                }
            }
        }
        if (random.nextInt(10) == 0) {
            query.append(query.length() == 0 ? "" : "&")
                    .append(pick(RAW_QUERY_VALUES))
                    .append("=1");
        }
        URI uri = URI.create(base.toString().replaceAll("/$", "") + path + (query.length() > 0 ? "?" + query : ""));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header(
                        "If-Match",
                        pick(List.of("\"1\"", "\"0\"", "*", "\"-1\"", "W/\"1\"", "\"x\"", "\"99999999999999999999\"")));
        JsonNode body = operation
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema");
        if (operation.has("requestBody")) {
            String text = body(body.isMissingNode() ? NODES.objectNode() : schema(body), round);
            request.header("Content-Type", random.nextInt(20) == 0 ? "text/plain" : "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(text));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<InputStream> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return method + " " + uri + " failed at the transport: " + e;
        }
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        String text;
        try (InputStream in = response.body()) {
            // An event stream that was accepted never ends: its status and type are the answer.
            text = type.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (status >= 500 && (status == 500 || !documented(operation, status))) {
            return method + " " + uri + " answered " + status + ": " + abbreviate(text);
        }
        if (status >= 400 && !type.startsWith("application/problem+json")) {
            return method + " " + uri + " answered " + status + " as " + type;
        }
        if (text.contains("Exception") || text.contains("\tat ")) {
            return method + " " + uri + " named an internal class: " + abbreviate(text);
        }
        return null;
    }

    private static boolean documented(JsonNode operation, int status) {
        return operation.path("responses").has(Integer.toString(status));
    }

    private String pathValue() {
        return switch (random.nextInt(6)) {
            case 0, 1 -> UUID.randomUUID().toString();
            case 2 -> "not-a-uuid";
            case 3 -> "00000000-0000-0000-0000-000000000000";
            case 4 -> pick(RAW_QUERY_VALUES).replace("%", "%25");
            default -> URLEncoder.encode(pick(HOSTILE_TEXT), StandardCharsets.UTF_8);
        };
    }

    private String queryValue(JsonNode schema) {
        if (random.nextInt(6) == 0) {
            return pick(RAW_QUERY_VALUES);
        }
        JsonNode value = value(schema, 0, true);
        String text = value.isTextual() ? value.textValue() : value.toString();
        if (random.nextInt(4) == 0) {
            text = pick(HOSTILE_TEXT);
        }
        return URLEncoder.encode(text.length() > 3000 ? text.substring(0, 3000) : text, StandardCharsets.UTF_8);
    }

    /** A body for the schema: mostly a bent instance of it, sometimes something else entirely. */
    private String body(JsonNode schema, int round) {
        return switch (round % 12) {
            case 0 ->
                pick(List.of("", "{", "[]", "null", "1", "\"x\"", "{\"a\":1,\"a\":2}", "{} {}", "{\"a\":\"\\ud800\"}"));
            case 1 -> {
                ObjectNode node = value(schema, 0, false) instanceof ObjectNode o ? o : NODES.objectNode();
                node.put("unknown_" + random.nextInt(100), pick(HOSTILE_TEXT));
                yield node.toString();
            }
            default -> value(schema, 0, random.nextBoolean()).toString();
        };
    }

    /** A value for the schema; {@code bend} sometimes puts a wrong or hostile value in its place. */
    private JsonNode value(JsonNode schema, int depth, boolean bend) {
        schema = schema(schema);
        if (bend && random.nextInt(4) == 0) {
            return wrong();
        }
        if (schema.has("enum") && random.nextBoolean()) {
            return schema.path("enum").get(random.nextInt(schema.path("enum").size()));
        }
        String type = type(schema);
        String format = schema.path("format").asText("");
        switch (type) {
            case "object" -> {
                ObjectNode node = NODES.objectNode();
                if (depth > 3) {
                    return node;
                }
                for (Iterator<Map.Entry<String, JsonNode>> p =
                                schema.path("properties").fields();
                        p.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = p.next();
                    if (random.nextInt(4) > 0) {
                        node.set(property.getKey(), value(property.getValue(), depth + 1, bend));
                    }
                }
                if (schema.path("properties").isEmpty() && random.nextBoolean()) {
                    node.put(pick(HOSTILE_TEXT), pick(HOSTILE_TEXT));
                    node.set("nested", NODES.objectNode().put("k", pick(HOSTILE_TEXT)));
                }
                return node;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int size = random.nextInt(6) == 0 ? 30 : random.nextInt(4);
                for (int i = 0; i < size && depth < 4; i++) {
                    array.add(value(schema.path("items"), depth + 1, bend));
                }
                return array;
            }
            case "integer", "number" -> {
                Object n = pick(NUMBERS);
                return n instanceof Integer i
                        ? NODES.numberNode(i)
                        : n instanceof Long l ? NODES.numberNode(l) : NODES.numberNode((Double) n);
            }
            case "boolean" -> {
                return NODES.booleanNode(random.nextBoolean());
            }
            default -> {
                return NODES.textNode(text(format));
            }
        }
    }

    private String text(String format) {
        if (random.nextInt(3) == 0) {
            return pick(HOSTILE_TEXT);
        }
        return switch (format) {
            case "date" ->
                pick(List.of(
                        "2026-03-01",
                        "1900-01-01",
                        "1899-12-31",
                        "9999-12-31",
                        "0001-01-01",
                        "+10000-01-01",
                        "-4714-11-24",
                        "2026-13-01"));
            case "date-time" ->
                pick(List.of(
                        "2026-03-01T10:00:00Z",
                        "1970-01-01T00:00:00Z",
                        "1969-12-31T23:59:59Z",
                        "-4714-11-24T00:00:00Z",
                        "+10000-01-01T00:00:00Z",
                        "2026-03-01T10:00:00",
                        "2026-03-01"));
            case "uuid" -> UUID.randomUUID().toString();
            case "uri", "url" -> pick(List.of("https://example.com/x", "ftp://x", "http://", "https://\u0000"));
            default ->
                pick(List.of(
                        "Shipped the release",
                        "java",
                        "manual",
                        "gitlab",
                        "jira",
                        "feature",
                        "bug-fix",
                        "semantic",
                        "hybrid",
                        "0.5",
                        "true",
                        "20"));
        };
    }

    private JsonNode wrong() {
        return switch (random.nextInt(7)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextInt());
            case 2 -> NODES.booleanNode(true);
            case 3 -> NODES.arrayNode().add(pick(HOSTILE_TEXT));
            case 4 -> NODES.objectNode().put("x", pick(HOSTILE_TEXT));
            default -> NODES.textNode(pick(HOSTILE_TEXT));
        };
    }

    /** The schema, with a {@code $ref} to the components resolved. */
    private JsonNode schema(JsonNode schema) {
        for (int i = 0; i < 5 && schema.has("$ref"); i++) {
            String ref = schema.path("$ref").asText();
            schema = doc.at(ref.substring(1));
        }
        if (schema.has("allOf") && schema.path("allOf").size() == 1) {
            return schema(schema.path("allOf").get(0));
        }
        return schema;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : "string";
    }

    private List<JsonNode> parameters(JsonNode operation) {
        List<JsonNode> out = new ArrayList<>();
        operation.path("parameters").forEach(p -> out.add(schema(p)));
        return out;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
