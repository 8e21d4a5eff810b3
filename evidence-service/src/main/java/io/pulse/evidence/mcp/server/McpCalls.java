package io.pulse.evidence.mcp.server;

import java.util.function.Function;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulse.common.web.ApiException;
import io.pulse.evidence.mcp.server.McpCaller.Caller;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;

/**
 * Runs every tool call, resource read and prompt of the MCP server the same way: as the caller, counted in
 * {@code pulse_mcp_calls_total{tool, outcome}}, and with every failure turned into an answer the assistant can act on.
 * A tool's failure is a tool error ({@code isError: true}) with a clear message; a resource's or prompt's is a
 * JSON-RPC error. Never a stack trace, a class name or an internal error for bad input.
 *
 * <p>Both labels are bounded: {@code tool} is one of the server's own feature names (never what a client sent) and
 * {@code outcome} one of {@code ok}, {@code invalid}, {@code not_found}, {@code denied}, {@code unavailable},
 * {@code error}. The extension's own metrics are off: they label by the client's tool name and resource URI.
 */
@ApplicationScoped
public class McpCalls {

    private static final Logger LOG = Logger.getLogger(McpCalls.class);
    static final String METRIC = "pulse.mcp.calls";

    private final McpCaller callers;
    private final MeterRegistry registry;

    public McpCalls(McpCaller callers, MeterRegistry registry) {
        this.callers = callers;
        this.registry = registry;
    }

    /** A tool call: failures become tool errors. */
    public <T> Uni<T> tool(String name, Function<Caller, Uni<? extends T>> work) {
        return run(name, work).onFailure().transform(failure -> new ToolCallException(message(failure)));
    }

    /** A resource read or a prompt: failures become JSON-RPC errors (invalid params, resource not found). */
    public <T> Uni<T> feature(String name, Function<Caller, Uni<? extends T>> work) {
        return run(name, work).onFailure().transform(failure -> new McpException(message(failure), code(failure)));
    }

    private <T> Uni<T> run(String name, Function<Caller, Uni<? extends T>> work) {
        return callers.current()
                .chain(work)
                .invoke(ignored -> count(name, "ok"))
                .onFailure()
                .invoke(failure -> count(name, outcome(failure)));
    }

    private void count(String name, String outcome) {
        Counter.builder(METRIC)
                .description("MCP tool calls, resource reads and prompts, by feature and outcome")
                .tag("tool", name)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    private static String outcome(Throwable failure) {
        if (failure instanceof ApiException api) {
            return switch (api.status()) {
                case 400, 422 -> "invalid";
                case 404 -> "not_found";
                case 401, 403 -> "denied";
                case 502, 503, 504 -> "unavailable";
                default -> "error";
            };
        }
        if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException) {
            return "denied";
        }
        return "error";
    }

    private static String message(Throwable failure) {
        if (failure instanceof ApiException api) {
            if (!api.errors().isEmpty()) {
                return "Invalid arguments: "
                        + api.errors().stream()
                                .map(e -> e.field() + " " + e.message())
                                .collect(Collectors.joining("; "));
            }
            return api.getMessage();
        }
        if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException) {
            return "Not signed in: the request needs a valid bearer token";
        }
        LOG.errorf(failure, "MCP call failed");
        return "The request failed unexpectedly; try again later";
    }

    private static int code(Throwable failure) {
        return switch (outcome(failure)) {
            case "not_found" -> JsonRpcErrorCodes.RESOURCE_NOT_FOUND;
            case "invalid" -> JsonRpcErrorCodes.INVALID_PARAMS;
            case "denied" -> JsonRpcErrorCodes.SECURITY_ERROR;
            default -> JsonRpcErrorCodes.INTERNAL_ERROR;
        };
    }
}
