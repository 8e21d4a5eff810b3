package io.pulse.sync.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake GitLab that misbehaves the way half-open connections and stalling proxies do: while stalling, the merged-MR
 * listing answers 200 with {@code Content-Length: 100000}, sends 11 bytes and then nothing. Everything else answers
 * as an empty GitLab would ({@code /user} with the fixture account, every listing {@code []}). WireMock cannot send
 * headers before a delayed body, hence this small server.
 */
public final class StallingGitLab implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicBoolean stalling = new AtomicBoolean(true);
    private final AtomicInteger stalled = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);

    public StallingGitLab() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on the listing answers normally (an empty page). */
    public void recover() {
        stalling.set(false);
    }

    /** How many responses stalled. */
    public int stalledResponses() {
        return stalled.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery() == null
                ? ""
                : exchange.getRequestURI().getRawQuery();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (path.equals("/api/v4/user")) {
            send(exchange, Fixtures.load("gitlab/user.json").toString());
        } else if (path.equals("/api/v4/merge_requests") && query.contains("author_id=") && stalling.get()) {
            stalled.incrementAndGet();
            exchange.sendResponseHeaders(200, 100_000);
            OutputStream body = exchange.getResponseBody();
            body.write("[{\"iid\": 1".getBytes(StandardCharsets.US_ASCII));
            body.flush();
            try {
                // Then nothing, until the test ends.
                released.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        } else {
            exchange.getResponseHeaders().add("X-Next-Page", "");
            send(exchange, "[]");
        }
    }

    private static void send(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
