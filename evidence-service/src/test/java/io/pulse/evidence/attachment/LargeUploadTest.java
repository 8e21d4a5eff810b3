package io.pulse.evidence.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.evidence.support.Api.User;
import io.pulse.evidence.support.Uploads;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 50 MiB file streams in (client → temporary file → 256 KiB chunks in PostgreSQL) and out (chunk by chunk) with a
 * flat heap. The service runs in this JVM, so the client is curl in its own process: only the service's heap is
 * measured. A sampler forces a GC every 100 ms and records the live heap, so the peak is what was really retained at
 * some moment, not garbage; holding the file whole even once would add at least 50 MiB.
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
class LargeUploadTest {

    private static final long SIZE = 50L << 20;
    private static final long MIB = 1 << 20;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aFiftyMegabyteUploadStreamsInAndOutWithAFlatHeap() throws Exception {
        User alice = User.fresh();
        UUID aliceId = alice.id();
        Path file = Files.createTempFile("build-cache", ".txt");
        Path copy = Files.createTempFile("download", ".txt");
        String sha = writeText(file);

        Heap in = new Heap();
        String response = in.during(() -> curl(
                "-sS",
                "-X",
                "POST",
                "-H",
                "Authorization: Bearer " + alice.token(),
                "-F",
                "files=@" + file + ";type=text/plain",
                base.resolve("/api/v1/evidence/uploads").toString()));
        JsonPath body = JsonPath.from(response);
        String href = body.getString("items[0].attachment.href");
        assertThat(href).as(response).isNotNull();

        Heap out = new Heap();
        out.during(() -> curl(
                "-sS",
                "-f",
                "-H",
                "Authorization: Bearer " + alice.token(),
                "-o",
                copy.toString(),
                base.resolve(href).toString()));
        in.print("upload");
        out.print("download");

        assertThat(body.getLong("items[0].attachment.size_bytes")).isEqualTo(SIZE);
        assertThat(body.getString("items[0].attachment.sha256")).isEqualTo(sha);
        assertThat(body.getBoolean("items[0].text_truncated")).isTrue();
        assertThat(Files.size(copy)).isEqualTo(SIZE);
        assertThat(sha256(copy)).isEqualTo(sha);
        assertThat(Uploads.chunksOf(aliceId)).isEqualTo(SIZE / (256 * 1024));
        assertThat(in.growth()).as("live heap growth while 50 MiB streamed in").isLessThan(16 * MIB);
        assertThat(out.growth())
                .as("live heap growth while 50 MiB streamed out")
                .isLessThan(16 * MIB);
        Files.delete(file);
        Files.delete(copy);
        Uploads.assertNoOrphans();
        Uploads.assertNoTemporaryFiles();
    }

    private static String writeText(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] line = "Measured the build cache hit rate across all pipelines for the quarter.\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < SIZE; written += line.length) {
                int n = (int) Math.min(line.length, SIZE - written);
                out.write(line, 0, n);
                digest.update(line, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String curl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("curl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** Samples the live heap (after a forced GC) every 100 ms while a call runs. */
    private static final class Heap {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();
        private long before;
        private long after;

        interface Call {
            String run() throws Exception;
        }

        String during(Call call) throws Exception {
            before = live();
            peak.set(before);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(live(), Math::max);
                    samples.incrementAndGet();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            try {
                return call.run();
            } finally {
                running.set(false);
                sampler.join();
                after = live();
            }
        }

        long growth() {
            return peak.get() - before;
        }

        void print(String phase) {
            System.out.printf(
                    "HEAP 50 MiB %s: live before=%.1f MiB, live peak=%.1f MiB (+%.1f MiB), live after=%.1f MiB,"
                            + " samples=%d%n",
                    phase,
                    before / (double) MIB,
                    peak.get() / (double) MIB,
                    growth() / (double) MIB,
                    after / (double) MIB,
                    samples.get());
        }

        private long live() {
            System.gc();
            return memory.getHeapMemoryUsage().getUsed();
        }
    }
}
