package io.pulse.evidence.mcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A minimal Streamable HTTP MCP client for component tests: JSON-RPC over POST {@code /mcp} with the caller's bearer
 * token and the session the server assigned. (The system tests drive the server with the official TypeScript SDK.)
 */
final class McpSession {

    private final String token;
    private final AtomicInteger ids = new AtomicInteger();
    private String sessionId;

    private McpSession(String token) {
        this.token = token;
    }

    /** A session opened with {@code initialize} and {@code notifications/initialized}. */
    static McpSession open(String token) {
        McpSession session = new McpSession(token);
        Response init = session.post(Map.of(
                "jsonrpc",
                "2.0",
                "id",
                session.ids.incrementAndGet(),
                "method",
                "initialize",
                "params",
                Map.of(
                        "protocolVersion", "2025-06-18",
                        "capabilities", Map.of(),
                        "clientInfo", Map.of("name", "pulse-test", "version", "1"))));
        assertThat(init.statusCode()).isEqualTo(200);
        session.sessionId = init.header("Mcp-Session-Id");
        assertThat(session.sessionId).isNotBlank();
        session.post(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
        return session;
    }

    /** The {@code result} of a tools/call (fails the test on a JSON-RPC error). */
    JsonPath callTool(String name, Map<String, Object> arguments) {
        return result("tools/call", Map.of("name", name, "arguments", arguments));
    }

    /** The {@code result} of a method (fails the test on a JSON-RPC error). */
    JsonPath result(String method, Map<String, Object> params) {
        JsonPath answer = request(method, params);
        assertThat(answer.getMap("error")).as("JSON-RPC error of " + method).isNull();
        return new JsonPath(answer.prettify()).setRootPath("result");
    }

    /** The whole JSON-RPC answer of a request (a result or an error). */
    JsonPath request(String method, Map<String, Object> params) {
        Response response =
                post(Map.of("jsonrpc", "2.0", "id", ids.incrementAndGet(), "method", method, "params", params));
        assertThat(response.statusCode()).as("HTTP status of " + method).isEqualTo(200);
        return JsonPath.from(body(response));
    }

    /** The text of the first content block of a tool result. */
    static String text(JsonPath result) {
        List<String> texts = result.getList("content.text", String.class);
        return texts == null || texts.isEmpty() ? "" : texts.get(0);
    }

    private Response post(Object message) {
        RequestSpecification request = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .accept("application/json, text/event-stream");
        if (sessionId != null) {
            request = request.header("Mcp-Session-Id", sessionId);
        }
        return request.body(message).post("/mcp");
    }

    /** The JSON message of an answer sent as JSON or as one server-sent event. */
    private static String body(Response response) {
        String body = response.asString();
        if (String.valueOf(response.contentType()).startsWith("text/event-stream")) {
            return body.lines()
                    .filter(line -> line.startsWith("data:"))
                    .map(line -> line.substring(5).strip())
                    .filter(data -> data.contains("\"id\""))
                    .reduce((first, second) -> second)
                    .orElseThrow();
        }
        return body;
    }
}
