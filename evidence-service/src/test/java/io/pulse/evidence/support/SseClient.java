package io.pulse.evidence.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.restassured.RestAssured;

/** A real streaming HTTP client for {@code /api/v1/stream}: parses SSE frames as they arrive. */
public final class SseClient implements AutoCloseable {

    /** One SSE frame; a comment-only frame has {@code comment} set and no data. */
    public record Frame(String id, String event, String data, String comment) {
        public boolean isComment() {
            return comment != null && data == null;
        }
    }

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final List<Frame> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    private final int status;
    private final Stream<String> lines;
    private final String contentType;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.lines = response.body();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        Thread reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseClient open(String token, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + "/api/v1/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token)
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new SseClient(client.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    private void read() {
        String id = null;
        String event = null;
        StringBuilder data = null;
        String comment = null;
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null || comment != null) {
                        frames.add(new Frame(id, event, data == null ? null : data.toString(), comment));
                    }
                    id = null;
                    event = null;
                    data = null;
                    comment = null;
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "" -> comment = value;
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "data" ->
                        data = data == null
                                ? new StringBuilder(value)
                                : data.append('\n').append(value);
                    default -> {}
                }
            }
        } catch (RuntimeException e) {
            // Closed by the test.
        } finally {
            ended.set(true);
        }
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    /** The next frame that is not a comment, or null after the timeout. */
    public Frame nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Frame frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            if (frame == null) {
                return null;
            }
            seen.add(frame);
            if (!frame.isComment()) {
                return frame;
            }
        }
    }

    /** The next comment frame, or null after the timeout. */
    public Frame nextComment(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Frame frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            if (frame == null) {
                return null;
            }
            seen.add(frame);
            if (frame.isComment()) {
                return frame;
            }
        }
    }

    /** Every frame received so far, including those not yet taken. */
    public List<Frame> drain() {
        List<Frame> rest = new ArrayList<>();
        frames.drainTo(rest);
        seen.addAll(rest);
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public boolean ended() {
        return ended.get();
    }

    @Override
    public void close() {
        lines.close();
    }
}
