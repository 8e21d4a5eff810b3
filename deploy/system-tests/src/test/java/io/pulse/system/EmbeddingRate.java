package io.pulse.system;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * The embedding model on its own: the baseline of {@link IngestionBenchmark}, run by it in a JVM of its own on the
 * packaged insight-service's jars (its {@code lib/main} and its application jar), so the model, the ONNX runtime and
 * the chunking are the ones the service runs. It embeds the texts the way the service's enrichment does: each text
 * split by the service's own {@code io.pulse.insight.embedding.TextChunks}, then one {@code embedAll} call for all
 * chunks of a batch of items. The batch is one poll of the service's enrichment consumer and the chunking is the
 * service's, both as the packaged service is configured: its {@code application.properties}, else the defaults of
 * its {@code EmbeddingConfig}.
 *
 * <p>The model spreads the chunks of one {@code embedAll} call over the executor it was built with. It runs with two:
 * the library's default, one thread per core ({@code per-core}), and the one the service's model gets from
 * quarkus-langchain4j, Quarkus' worker pool, where each chunk of a batch runs on a thread of its own up to the pool's
 * 200 ({@code worker-pool}). After a warm-up of each on the first texts, it embeds all the texts with each executor in
 * turn, {@code passes} times, and prints one line per pass:
 * {@code EMBEDDING-RATE executor=<name> items=<n> segments=<n> batch=<n> chunking=<words>/<overlap>/<max>
 * seconds=<s> cpu_seconds=<s>}.
 *
 * <p>Arguments: the texts file (UTF-8, texts separated by NUL, which database text never contains), the number of
 * warm-up items, and the number of passes.
 */
public final class EmbeddingRate {

    /** The start of the output line that carries the figures. */
    static final String PREFIX = "EMBEDDING-RATE";

    /** Records per poll of the enrichment consumer: the items of one embedding call. */
    private static final String POLL_RECORDS = "mp.messaging.incoming.evidence-events.max.poll.records";

    /** The size of Quarkus' default worker pool ({@code quarkus.thread-pool.max-threads}): max(200, 8 x cores). */
    private static final int WORKER_POOL_THREADS =
            Math.max(200, 8 * Runtime.getRuntime().availableProcessors());

    private EmbeddingRate() {}

    public static void main(String[] args) throws Exception {
        List<String> texts = Arrays.asList(
                Files.readString(Path.of(args[0]), StandardCharsets.UTF_8).split("\0", -1));
        int warmUp = Integer.parseInt(args[1]);
        ServiceSettings settings = new ServiceSettings();
        int batch = settings.integer(POLL_RECORDS, null);
        Chunker chunker = new Chunker(
                settings.integer("pulse.embedding.chunk-words", "chunkWords"),
                settings.integer("pulse.embedding.chunk-overlap-words", "chunkOverlapWords"),
                settings.integer("pulse.embedding.max-chunks", "maxChunks"));

        int passes = Integer.parseInt(args[2]);
        // Like Quarkus' worker pool: a new thread whenever all are busy, up to its size.
        ThreadPoolExecutor workerPool = new ThreadPoolExecutor(
                WORKER_POOL_THREADS, WORKER_POOL_THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        workerPool.allowCoreThreadTimeOut(true);
        Map<String, EmbeddingModel> models = new LinkedHashMap<>();
        models.put("per-core", new AllMiniLmL6V2EmbeddingModel());
        models.put("worker-pool", new AllMiniLmL6V2EmbeddingModel(workerPool));
        for (EmbeddingModel model : models.values()) {
            embed(model, chunker, texts.subList(0, Math.min(warmUp, texts.size())), batch);
        }

        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int pass = 0; pass < passes; pass++) {
            for (Map.Entry<String, EmbeddingModel> model : models.entrySet()) {
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                int segments = embed(model.getValue(), chunker, texts, batch);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "%s executor=%s items=%d segments=%d batch=%d chunking=%d/%d/%d seconds=%.3f"
                                + " cpu_seconds=%.3f%n",
                        PREFIX,
                        model.getKey(),
                        texts.size(),
                        segments,
                        batch,
                        chunker.words,
                        chunker.overlap,
                        chunker.max,
                        seconds,
                        cpuSeconds);
            }
        }
        workerPool.shutdown();
    }

    /** Embeds the texts in batches of {@code batch} items, all chunks of a batch in one call; returns the chunks. */
    private static int embed(EmbeddingModel model, Chunker chunker, List<String> texts, int batch) throws Exception {
        int segments = 0;
        for (int from = 0; from < texts.size(); from += batch) {
            List<TextSegment> chunks = new ArrayList<>();
            for (String text : texts.subList(from, Math.min(texts.size(), from + batch))) {
                for (String chunk : chunker.split(text)) {
                    chunks.add(TextSegment.from(chunk));
                }
            }
            if (model.embedAll(chunks).content().size() != chunks.size()) {
                throw new IllegalStateException("the model returned fewer vectors than chunks");
            }
            segments += chunks.size();
        }
        return segments;
    }

    /**
     * The service's {@code TextChunks.split}, looked up on the classpath (the packaged service's jar), so the
     * benchmark embeds exactly the chunks the service would without a copy of its code.
     */
    private static final class Chunker {

        private final Method split;
        private final Method text;
        private final int words;
        private final int overlap;
        private final int max;

        Chunker(int words, int overlap, int max) throws ReflectiveOperationException {
            Class<?> chunks = Class.forName("io.pulse.insight.embedding.TextChunks");
            this.split = chunks.getMethod("split", String.class, int.class, int.class, int.class);
            this.text =
                    Class.forName("io.pulse.insight.embedding.TextChunks$Chunk").getMethod("text");
            this.words = words;
            this.overlap = overlap;
            this.max = max;
        }

        List<String> split(String input) throws ReflectiveOperationException {
            List<String> out = new ArrayList<>();
            for (Object chunk : (List<?>) split.invoke(null, input, words, overlap, max)) {
                out.add((String) text.invoke(chunk));
            }
            return out;
        }
    }

    /**
     * The packaged service's settings: its {@code application.properties} (first on the classpath), where
     * {@code ${ENV:default}} resolves to the environment or the default, else the {@code @WithDefault} of the
     * {@code EmbeddingConfig} method named.
     */
    private static final class ServiceSettings {

        private final Properties properties = new Properties();

        ServiceSettings() throws IOException {
            try (InputStream in = EmbeddingRate.class.getClassLoader().getResourceAsStream("application.properties")) {
                if (in == null) {
                    throw new IllegalStateException("the service's application.properties is not on the classpath");
                }
                properties.load(in);
            }
        }

        int integer(String key, String configMethod) throws ReflectiveOperationException {
            String value = properties.getProperty(key);
            if (value != null) {
                Matcher expression = Pattern.compile("\\$\\{([^:}]+):([^}]*)}").matcher(value.strip());
                if (expression.matches()) {
                    value = System.getenv().getOrDefault(expression.group(1), expression.group(2));
                }
                return Integer.parseInt(value.strip());
            }
            if (configMethod == null) {
                throw new IllegalStateException(key + " is not set in the service's application.properties");
            }
            Method method =
                    Class.forName("io.pulse.insight.embedding.EmbeddingConfig").getMethod(configMethod);
            for (Annotation annotation : method.getAnnotations()) {
                if (annotation.annotationType().getName().equals("io.smallrye.config.WithDefault")) {
                    return Integer.parseInt((String)
                            annotation.annotationType().getMethod("value").invoke(annotation));
                }
            }
            throw new IllegalStateException("EmbeddingConfig." + configMethod + " has no default");
        }
    }

    /** Writes texts in the format {@link #main} reads. */
    static void write(Path file, List<String> texts) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\0", texts), StandardCharsets.UTF_8);
    }
}
