package io.pulse.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

/**
 * A minimal OTLP/HTTP (protobuf) trace collector: the packaged services export their spans to it, decoded with the
 * OpenTelemetry protocol's own message classes, and the tests read them back. One per test JVM, started with the
 * {@link PackagedStack}.
 */
public final class TraceCollector {

    /** One received span, ids in lowercase hex (parent empty for a root span). */
    public record CollectedSpan(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            String kind,
            Map<String, String> attributes,
            List<String> linkedTraceIds) {}

    private static final int LIMIT = 200_000;

    private final HttpServer server;
    private final List<CollectedSpan> spans = new ArrayList<>();

    private TraceCollector(HttpServer server) {
        this.server = server;
    }

    /** Starts a collector on a free loopback port; every POST is read as an ExportTraceServiceRequest. */
    public static TraceCollector start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TraceCollector collector = new TraceCollector(server);
            server.createContext("/", exchange -> {
                try (InputStream raw = exchange.getRequestBody()) {
                    InputStream body =
                            "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                                    ? new GZIPInputStream(raw)
                                    : raw;
                    collector.accept(ExportTraceServiceRequest.parseFrom(body));
                    byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
                    if (ok.length > 0) {
                        exchange.getResponseBody().write(ok);
                    }
                } catch (IOException | RuntimeException e) {
                    exchange.sendResponseHeaders(400, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
            return collector;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the trace collector", e);
        }
    }

    /** The OTLP/HTTP endpoint (base URL) to configure the services with. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every span received so far. */
    public synchronized List<CollectedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The spans of one trace received so far. */
    public List<CollectedSpan> trace(String traceId) {
        return spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private synchronized void accept(ExportTraceServiceRequest request) {
        if (spans.size() > LIMIT) {
            // The whole system suite exports to this collector; a test reads its trace right after its requests.
            spans.clear();
        }
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(kv -> kv.getKey().equals("service.name"))
                    .map(kv -> kv.getValue().getStringValue())
                    .findFirst()
                    .orElse("");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (var span : scope.getSpansList()) {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    for (KeyValue kv : span.getAttributesList()) {
                        attributes.put(kv.getKey(), text(kv.getValue()));
                    }
                    spans.add(new CollectedSpan(
                            service,
                            hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()),
                            hex.formatHex(span.getParentSpanId().toByteArray()),
                            span.getName(),
                            span.getKind().name(),
                            attributes,
                            span.getLinksList().stream()
                                    .map(link -> hex.formatHex(link.getTraceId().toByteArray()))
                                    .toList()));
                }
            }
        }
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString();
        };
    }
}
