package io.pulse.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;

import io.pulse.common.events.Topics;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestTokens;
import io.pulse.system.PackagedStack.Service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a test: surefire's default includes do not match the name, so it runs only when asked for:
 * {@code mvn -B verify -pl deploy/system-tests -am -Dtest=IngestionBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dbench.items=10000] [-Dbench.standalone-passes=1] [-Dbench.jfr=insight,sync]} ({@code -pl common,deploy/system-tests}
 * instead of {@code -am} when the services are already packaged). {@code bench.jfr} records the named services with
 * JFR during the run.
 *
 * <p>One person's GitLab ({@link BenchmarkGitLab}: {@code bench.items} merged merge requests with their commits) is
 * connected to the packaged services after a warm-up (500 items of another person synced and enriched through the
 * same services, as the model alone is warmed up with 500 items before it is timed), one sync is started, and the
 * clock runs from the sync request until every item
 * is stored as evidence and enriched (summary and vector written): items per second end to end, with the moment the
 * sync job completed (ingestion alone). The services run with the product's defaults where the stack's test settings
 * differ (insight refresh debounce, tracing off), on a database of their own that starts empty ({@link #DATABASE}).
 * Then the same texts the items produced, read back from the database, are embedded by the model alone
 * ({@link EmbeddingRate}, in a JVM of its own on the packaged insight-service's jars, with the services stopped), with
 * the library's executor and with the one the service's
 * model runs on: the better pass is the baseline of the same run on the same machine. The enrichment consumer's
 * batches are read back from what it wrote, to tell its computing from the time between batches. The figures
 * are printed ({@code BENCH} lines) and written to {@code target/bench/ingestion.txt}. Nothing is asserted about the
 * rates; what is asserted is that every item was stored once and enriched exactly once.
 */
class IngestionBenchmark {

    private static final int ITEMS = Integer.getInteger("bench.items", 10_000);
    /**
     * The benchmark's own database, emptied before each run: rows other suites leave in the shared test database
     * would be healed by insight-service's re-embedding worker during the measurement (3,500 unembedded rows cost a
     * run 34 CPU s of the model's time and 0.10 of its ratio).
     */
    private static final String DATABASE = TestDatabase.INGEST_BENCH;
    /** Items embedded before the standalone model is timed (class loading, JIT, ONNX session). */
    private static final int WARM_UP = Math.min(ITEMS, 500);

    private static final Duration POLL = Duration.ofMillis(500);
    /** Passes of the standalone model over the texts, per executor (more when the machine's load drifts). */
    private static final int STANDALONE_PASSES = Integer.getInteger("bench.standalone-passes", 1);
    /** Prefix of the benchmark's subjects. */
    private static final String SUBJECT_PREFIX = "bench-ingest-";
    /** The consumer name under which insight-service records the evidence events it handled. */
    private static final String ENRICHMENT_CONSUMER = "insight-enrichment";
    /**
     * The product's defaults where the stack's test settings differ: the insight refresh after enrichment
     * (InsightsConfig: at most every 5 minutes, checked every 15 s, instead of 2 s / 1 s) and tracing (common's
     * sampling ratio 0, instead of every trace exported to the run's collector).
     */
    private static final Map<String, String> PRODUCT_DEFAULTS = Map.of(
            "pulse.insights.debounce", "PT5M",
            "pulse.insights.refresh-poll", "15s",
            "quarkus.otel.traces.sampler.arg", "0");

    private final Path results = Path.of("target", "bench").toAbsolutePath();

    @Test
    void syncedItemsAreEnrichedExactlyOnceAtAMeasuredShareOfTheModelsOwnRate() throws Exception {
        TestDatabase.empty(DATABASE);
        PackagedStack stack = PackagedStack.start(
                System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                DATABASE,
                EnumSet.allOf(Service.class),
                PRODUCT_DEFAULTS);
        awaitPartitions(stack);
        String subject = SUBJECT_PREFIX + UUID.randomUUID();
        List<String> progress = new ArrayList<>();
        Run run;
        Checks checks;
        Batches batches;
        Path texts = results.resolve("ingestion-texts.bin");
        try (BenchmarkGitLab gitlab = new BenchmarkGitLab("glpat-" + UUID.randomUUID(), ITEMS)) {
            warmUp(stack);
            connect(stack, subject, gitlab);
            UUID user = userId(subject);
            Profiler profiler = Profiler.start(results, System.getProperty("bench.jfr", ""));
            Map<Service, Duration> cpuBefore = cpu();
            String loadBefore = loadAverage();
            long start = System.nanoTime();
            String job = requestSync(stack, subject);
            run = follow(user, job, start, progress, ITEMS);
            run.cpu = since(cpuBefore, cpu());
            run.loadBefore = loadBefore;
            run.loadAfter = loadAverage();
            profiler.stop();
            checks = check(user);
            batches = batches(user);
            EmbeddingRate.write(texts, texts(user));
        } finally {
            // The services are done: the model gets the machine as they had it, without them idling beside it.
            stack.close();
        }
        // The baseline is the best pass: the model's own rate should not suffer from a bad moment of the machine.
        List<Standalone> standalones = standalone(texts);
        Standalone standalone = standalones.stream()
                .max(Comparator.comparingDouble(Standalone::rate))
                .orElseThrow();

        List<String> summary = new ArrayList<>();
        double endToEnd = ITEMS / seconds(run.enriched);
        double model = standalone.rate();
        summary.add(String.format(
                Locale.ROOT,
                "BENCH ingest: %d items enriched in %.1f s = %.1f items/s; embedding standalone %.1f items/s (%s);"
                        + " ratio %.2f (target >= 0.70); sync completed at %.1f s",
                ITEMS,
                seconds(run.enriched),
                endToEnd,
                model,
                standalone.executor,
                endToEnd / model,
                seconds(run.syncCompleted)));
        summary.add(String.format(
                Locale.ROOT,
                "BENCH ingest detail: all %d items stored at %.1f s; first item enriched at %.1f s; enrichment from"
                        + " the first to the last item %.1f items/s",
                ITEMS,
                seconds(run.allStored),
                seconds(run.firstEnriched),
                ITEMS / Math.max(0.001, seconds(run.enriched.minus(run.firstEnriched)))));
        summary.add(String.format(
                Locale.ROOT,
                "BENCH enrichment consumer: %d batches of %.1f items on average; computing (analysis + embedding)"
                        + " %.1f s = %.1f items/s while computing; between batches (write, commit, poll, load)"
                        + " %.1f s, %.0f ms per batch on average",
                batches.count,
                (double) ITEMS / Math.max(1, batches.count),
                batches.computeSeconds,
                ITEMS / Math.max(0.001, batches.computeSeconds),
                batches.betweenSeconds,
                1000 * batches.betweenSeconds / Math.max(1, batches.count - 1)));
        StringBuilder each = new StringBuilder();
        for (Standalone s : standalones) {
            each.append(each.isEmpty() ? "" : "; ")
                    .append(String.format(
                            Locale.ROOT,
                            "%s %.1f items/s (%.1f s, %.1f CPU s, load average %s)",
                            s.executor,
                            s.rate(),
                            s.seconds,
                            s.cpuSeconds,
                            s.load));
        }
        summary.add(String.format(
                Locale.ROOT,
                "BENCH embedding standalone: all-MiniLM-L6-v2 in its own JVM (-Xmx512m) on the packaged"
                        + " insight-service's jars, the same %d texts (%d chunks), batches of %d items (chunking %s),"
                        + " after a %d-item warm-up, %d pass(es) with each executor (per-core: the library's default,"
                        + " a thread per core; worker-pool: as the service's model runs, a thread per chunk); the"
                        + " best is the baseline: %s",
                standalone.items,
                standalone.segments,
                standalone.batch,
                standalone.chunking,
                WARM_UP,
                STANDALONE_PASSES,
                each));
        summary.add(String.format(
                Locale.ROOT,
                "BENCH machine: run at %s on %d cores; CPU s used during the ingestion: %s; load average before %s,"
                        + " after %s",
                run.at,
                Runtime.getRuntime().availableProcessors(),
                run.cpuSummary(),
                run.loadBefore,
                run.loadAfter));
        summary.add(String.format(
                Locale.ROOT,
                "BENCH CPU per item: standalone model %.1f ms; during the ingestion insight-service %.1f ms,"
                        + " sync-service %.1f ms, evidence-service %.1f ms",
                1000 * standalone.cpuSeconds / standalone.items,
                1000 * seconds(run.cpu.getOrDefault(Service.INSIGHT, Duration.ZERO)) / ITEMS,
                1000 * seconds(run.cpu.getOrDefault(Service.SYNC, Duration.ZERO)) / ITEMS,
                1000 * seconds(run.cpu.getOrDefault(Service.EVIDENCE, Duration.ZERO)) / ITEMS));
        summary.add(String.format(
                Locale.ROOT,
                "BENCH correctness: %d evidence rows (%d distinct source ids), %d with summary and vector;"
                        + " %d evidence.created events; %d evidence.enriched events for %d distinct items;"
                        + " %d events handled by the enrichment consumer",
                checks.rows,
                checks.distinctSources,
                checks.enrichedRows,
                checks.createdEvents,
                checks.enrichedEvents,
                checks.enrichedItems,
                checks.handledEvents));
        Files.createDirectories(results);
        summary.forEach(System.out::println);
        summary.addAll(progress);
        Files.write(results.resolve("ingestion.txt"), summary, StandardCharsets.UTF_8);

        assertThat(run.jobItemsCreated).as("items the sync job created").isEqualTo(ITEMS);
        assertThat(checks.rows).as("evidence rows").isEqualTo(ITEMS);
        assertThat(checks.distinctSources).as("distinct source ids").isEqualTo(ITEMS);
        assertThat(checks.enrichedRows).as("rows with summary and vector").isEqualTo(ITEMS);
        assertThat(checks.createdEvents).as("evidence.created events").isEqualTo(ITEMS);
        assertThat(checks.handledEvents).as("evidence.created events handled").isEqualTo(ITEMS);
        assertThat(checks.enrichedItems)
                .as("items with an evidence.enriched event")
                .isEqualTo(ITEMS);
        assertThat(checks.enrichedEvents)
                .as("evidence.enriched events (one per item: enriched exactly once)")
                .isEqualTo(ITEMS);
    }

    // ------------------------------------------------------------------------------------------------ the run

    /** What the clock saw, from the sync request on. */
    private static final class Run {
        final Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Duration firstEnriched;
        Duration allStored;
        Duration syncCompleted;
        Duration enriched;
        int jobItemsCreated;
        Map<Service, Duration> cpu;
        String loadBefore;
        String loadAfter;

        String cpuSummary() {
            StringBuilder out = new StringBuilder();
            cpu.forEach((service, used) -> out.append(out.isEmpty() ? "" : ", ")
                    .append(service.module)
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", seconds(used))));
            return out.toString();
        }
    }

    /**
     * Returns once the sync workers and the enrichment consumers hold every partition of their topics, so the clock
     * never runs while a consumer is still joining its group.
     */
    private static void awaitPartitions(PackagedStack stack) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        Map<String, String> groups = Map.of(
                stack.topicPrefix() + "sync-workers", stack.topicPrefix() + Topics.SYNC_REQUESTS,
                stack.topicPrefix() + ENRICHMENT_CONSUMER, stack.topicPrefix() + Topics.EVIDENCE_EVENTS);
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (true) {
                int partitions = admin.describeTopics(groups.values()).allTopicNames().get().values().stream()
                        .mapToInt(t -> t.partitions().size())
                        .sum();
                int assigned = 0;
                for (ConsumerGroupDescription group : admin.describeConsumerGroups(groups.keySet())
                        .all()
                        .get()
                        .values()) {
                    if (group.groupState() == GroupState.STABLE) {
                        String topic = groups.get(group.groupId());
                        assigned += (int) group.members().stream()
                                .flatMap(m -> m.assignment().topicPartitions().stream())
                                .filter(tp -> tp.topic().equals(topic))
                                .count();
                    }
                }
                if (assigned == partitions) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the services' consumers did not get their partitions");
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    private static void connect(PackagedStack stack, String subject, BenchmarkGitLab gitlab) {
        given().baseUri(stack.uri(Service.SYNC).toString())
                .auth()
                .oauth2(TestTokens.individual(subject))
                .contentType("application/json")
                .body(Map.of("source", "gitlab", "base_url", gitlab.baseUrl(), "token", gitlab.token()))
                .post("/api/v1/connections")
                .then()
                .statusCode(201);
    }

    private static String requestSync(PackagedStack stack, String subject) {
        return given().baseUri(stack.uri(Service.SYNC).toString())
                .auth()
                .oauth2(TestTokens.individual(subject))
                .contentType("application/json")
                .body(Map.of("source", "gitlab"))
                .post("/api/v1/sync-jobs")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    /**
     * The pipeline's warm-up, as the standalone model gets one: {@link #WARM_UP} items of another person synced and
     * enriched through the same services before the clock starts (class loading, JIT compilation, connection pools,
     * the ONNX session), then removed.
     */
    private void warmUp(PackagedStack stack) throws Exception {
        String subject = SUBJECT_PREFIX + "warm-up-" + UUID.randomUUID();
        try (BenchmarkGitLab gitlab = new BenchmarkGitLab("glpat-" + UUID.randomUUID(), WARM_UP)) {
            connect(stack, subject, gitlab);
            UUID user = userId(subject);
            try {
                long start = System.nanoTime();
                follow(user, requestSync(stack, subject), start, new ArrayList<>(), WARM_UP);
                System.out.printf(
                        Locale.ROOT,
                        "BENCH warm-up: %d items synced and enriched in %.1f s%n",
                        WARM_UP,
                        (System.nanoTime() - start) / 1e9);
            } finally {
                delete(user);
            }
        }
    }

    /**
     * Polls the database until every item is stored and enriched (or the job fails, or the time is up), noting when
     * each milestone was first seen, with a progress line every 30 s.
     */
    private static Run follow(UUID user, String job, long start, List<String> lines, int items) throws Exception {
        Run run = new Run();
        Duration limit = Duration.ofMinutes(10).plusMillis(items * 500L);
        Duration nextLine = Duration.ofSeconds(30);
        try (Connection c = TestDatabase.connect(DATABASE, TestDatabase.Role.SERVICE);
                PreparedStatement progress = c.prepareStatement("select count(*),"
                        + " count(*) filter (where embedding_model is not null),"
                        + " (select status from sync_jobs where id = ?::uuid),"
                        + " (select items_created from sync_jobs where id = ?::uuid),"
                        + " (select error_message from sync_jobs where id = ?::uuid)"
                        + " from evidence where user_id = ?")) {
            progress.setString(1, job);
            progress.setString(2, job);
            progress.setString(3, job);
            progress.setObject(4, user);
            while (true) {
                Duration now = Duration.ofNanos(System.nanoTime() - start);
                try (ResultSet rs = progress.executeQuery()) {
                    rs.next();
                    long stored = rs.getLong(1);
                    long enriched = rs.getLong(2);
                    String status = rs.getString(3);
                    if ("failed".equals(status)) {
                        throw new AssertionError("the sync job failed: " + rs.getString(5));
                    }
                    if (run.firstEnriched == null && enriched > 0) {
                        run.firstEnriched = now;
                    }
                    if (run.allStored == null && stored >= items) {
                        run.allStored = now;
                    }
                    if (run.syncCompleted == null && "completed".equals(status)) {
                        run.syncCompleted = now;
                        run.jobItemsCreated = rs.getInt(4);
                    }
                    if (now.compareTo(nextLine) >= 0 || (enriched >= items && run.syncCompleted != null)) {
                        String line = String.format(
                                Locale.ROOT,
                                "BENCH progress at %5.0f s: job %s, %d stored, %d enriched",
                                seconds(now),
                                status,
                                stored,
                                enriched);
                        lines.add(line);
                        System.out.println(line);
                        nextLine = nextLine.plusSeconds(30);
                    }
                    if (enriched >= items && run.syncCompleted != null) {
                        run.enriched = now;
                        return run;
                    }
                }
                if (now.compareTo(limit) > 0) {
                    throw new AssertionError("not every item was enriched within " + limit);
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** What the database holds after the run. */
    private record Checks(
            long rows,
            long distinctSources,
            long enrichedRows,
            long createdEvents,
            long handledEvents,
            long enrichedEvents,
            long enrichedItems) {}

    /**
     * Waits until the enrichment consumer has handled every evidence.created event of the user (a late duplicate
     * enrichment would land before that), then counts rows and events.
     */
    private static Checks check(UUID user) throws Exception {
        String handled = "select count(*) from outbox o join processed_events pe on pe.event_id = o.event_id"
                + " and pe.consumer = '" + ENRICHMENT_CONSUMER + "'"
                + " where o.user_id = ? and o.event_type = 'evidence.created'";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (scalar(handled, user) < ITEMS && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
        }
        try (Connection c = TestDatabase.connect(DATABASE, TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement("select count(*), count(distinct source_id),"
                        + " count(*) filter (where embedding is not null and embedding_model is not null"
                        + " and length(btrim(summary)) > 0"
                        + " and ai_metadata->>'enrichment_status' = 'enriched')"
                        + " from evidence where user_id = ? and source = 'gitlab'")) {
            ps.setObject(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Checks(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        scalar(
                                "select count(*) from outbox where user_id = ? and event_type = 'evidence.created'",
                                user),
                        scalar(handled, user),
                        scalar(
                                "select count(*) from outbox where user_id = ? and event_type = 'evidence.enriched'",
                                user),
                        scalar(
                                "select count(distinct envelope->'payload'->>'evidenceId') from outbox"
                                        + " where user_id = ? and event_type = 'evidence.enriched'",
                                user));
            }
        }
    }

    /**
     * The enrichment consumer's batches, read from what it wrote: each item carries when its batch finished computing
     * ({@code ai_metadata.enriched_at}, taken right after the embedding) and its share of the batch's computing time
     * ({@code processing_time}, ms). Items finished within 100 ms of each other belong to one batch; a batch started
     * computing {@code processing_time x items} before it finished; the time from one batch's end to the next one's
     * start went to writing, committing, polling and loading.
     */
    private record Batches(long count, double computeSeconds, double betweenSeconds) {}

    private static Batches batches(UUID user) throws SQLException {
        try (Connection c = TestDatabase.connect(DATABASE, TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement("with items as (select"
                        + " (ai_metadata->>'enriched_at')::timestamptz as at,"
                        + " (ai_metadata->>'processing_time')::float8 / 1000 as share"
                        + " from evidence where user_id = ?),"
                        + " marked as (select at, share, case when at - lag(at) over (order by at)"
                        + " < interval '100 milliseconds' then 0 else 1 end as starts from items),"
                        + " numbered as (select at, share, sum(starts) over (order by at) as batch from marked),"
                        + " batches as (select batch, max(at) as finished,"
                        + " max(at) - make_interval(secs => sum(share)) as started, sum(share) as computing"
                        + " from numbered group by batch)"
                        + " select count(*), sum(computing),"
                        + " coalesce(sum(extract(epoch from started - previous)), 0) from"
                        + " (select computing, started, lag(finished) over (order by batch) as previous"
                        + " from batches) b")) {
            ps.setObject(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Batches(rs.getLong(1), rs.getDouble(2), rs.getDouble(3));
            }
        }
    }

    /** The text insight-service embeds for each item (title, blank line, content), in the order they were synced. */
    private static List<String> texts(UUID user) throws SQLException {
        List<String> texts = new ArrayList<>();
        try (Connection c = TestDatabase.connect(DATABASE, TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement("select title || E'\\n\\n' || content from evidence"
                        + " where user_id = ? order by occurred_at, id")) {
            ps.setObject(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    texts.add(rs.getString(1));
                }
            }
        }
        return texts;
    }

    // ------------------------------------------------------------------------------------------------ baseline

    /** The standalone model's figures. */
    private record Standalone(
            String executor,
            int items,
            int segments,
            int batch,
            String chunking,
            double seconds,
            double cpuSeconds,
            String load) {

        /** Reads the figures of one pass ({@code name=value} pairs). */
        static Standalone parse(String figures, String load) {
            Map<String, String> f = new java.util.HashMap<>();
            for (String pair : figures.split(" ")) {
                String[] kv = pair.split("=", 2);
                f.put(kv[0], kv[1]);
            }
            return new Standalone(
                    f.get("executor"),
                    Integer.parseInt(f.get("items")),
                    Integer.parseInt(f.get("segments")),
                    Integer.parseInt(f.get("batch")),
                    f.get("chunking"),
                    Double.parseDouble(f.get("seconds")),
                    Double.parseDouble(f.get("cpu_seconds")),
                    load);
        }

        double rate() {
            return items / seconds;
        }
    }

    /**
     * Runs {@link EmbeddingRate} on the packaged insight-service's jars: {@link #STANDALONE_PASSES} passes over the
     * texts with each executor, each pass with the load average at its end.
     */
    private List<Standalone> standalone(Path texts) throws Exception {
        Path root = Path.of(System.getProperty("pulse.root", "../.."))
                .toAbsolutePath()
                .normalize();
        Path app = root.resolve("insight-service/target/quarkus-app");
        Path classes = Path.of(EmbeddingRate.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toAbsolutePath();
        // The service's own jar first, so its application.properties is the one found.
        String classpath = String.join(
                java.io.File.pathSeparator,
                app.resolve("app").resolve("*").toString(),
                app.resolve("lib/main").resolve("*").toString(),
                classes.toString());
        Path log = results.resolve("embedding-standalone.log");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-cp",
                        classpath,
                        EmbeddingRate.class.getName(),
                        texts.toString(),
                        Integer.toString(WARM_UP),
                        Integer.toString(STANDALONE_PASSES))
                .redirectErrorStream(true)
                .start();
        List<Standalone> passes = new ArrayList<>();
        try (java.io.BufferedReader out = process.inputReader(StandardCharsets.UTF_8);
                java.io.Writer copy = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                copy.write(line + System.lineSeparator());
                if (line.startsWith(EmbeddingRate.PREFIX + " ")) {
                    passes.add(Standalone.parse(line.substring(EmbeddingRate.PREFIX.length() + 1), loadAverage()));
                }
            }
        }
        if (process.waitFor() != 0 || passes.isEmpty()) {
            throw new AssertionError("the standalone embedding run failed; see " + log);
        }
        return passes;
    }

    // ------------------------------------------------------------------------------------------------ machine

    /**
     * Records the services named in {@code bench.jfr} (e.g. {@code insight} or {@code insight,sync}) with JFR from
     * the sync request until every item is enriched, into {@code target/bench/<service>.jfr}, through {@code jcmd}.
     */
    private record Profiler(Path directory, Map<Service, Long> pids) {

        static Profiler start(Path directory, String services) throws Exception {
            Map<Service, Long> pids = new EnumMap<>(Service.class);
            for (String name : services.split(",")) {
                if (!name.isBlank()) {
                    Service service = Service.valueOf(name.strip().toUpperCase(Locale.ROOT));
                    long pid = pid(service).orElseThrow(() -> new IllegalStateException(service + " is not running"));
                    jcmd(pid, "JFR.start", "name=bench", "settings=profile");
                    pids.put(service, pid);
                }
            }
            return new Profiler(directory, pids);
        }

        void stop() throws Exception {
            Files.createDirectories(directory);
            for (Map.Entry<Service, Long> e : pids.entrySet()) {
                Path file = directory.resolve(e.getKey().module + ".jfr");
                jcmd(e.getValue(), "JFR.stop", "name=bench", "filename=" + file);
                System.out.println("BENCH profile of " + e.getKey().module + ": " + file);
            }
        }

        private static void jcmd(long pid, String... command) throws Exception {
            List<String> line = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
            line.addAll(List.of(command));
            Process p = new ProcessBuilder(line).inheritIO().start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed");
            }
        }
    }

    /** The packaged service's process: a child of this JVM (PackagedStack starts them) running its jar. */
    private static Optional<Long> pid(Service service) {
        String jar = service.module + "/target/quarkus-app/quarkus-run.jar";
        return ProcessHandle.current()
                .children()
                .filter(p -> p.info().commandLine().orElse("").contains(jar))
                .map(ProcessHandle::pid)
                .findFirst();
    }

    /** CPU time used so far by each running service. */
    private static Map<Service, Duration> cpu() {
        Map<Service, Duration> used = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            pid(service)
                    .flatMap(ProcessHandle::of)
                    .flatMap(p -> p.info().totalCpuDuration())
                    .ifPresent(d -> used.put(service, d));
        }
        return used;
    }

    private static Map<Service, Duration> since(Map<Service, Duration> before, Map<Service, Duration> after) {
        Map<Service, Duration> used = new EnumMap<>(Service.class);
        after.forEach((service, total) -> used.put(service, total.minus(before.getOrDefault(service, Duration.ZERO))));
        return used;
    }

    /** The 1, 5 and 15 minute load averages (Linux), or "n/a". */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + "/" + parts[1] + "/" + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    // ------------------------------------------------------------------------------------------------ database

    private static UUID userId(String subject) throws SQLException {
        try (Connection c = TestDatabase.connect(DATABASE, TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement("select id from profiles where oidc_subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no profile for " + subject);
                }
                return rs.getObject(1, UUID.class);
            }
        }
    }

    /** Removes the person and, as an erasure does, the outbox rows naming them. */
    private static void delete(UUID user) throws SQLException {
        try (Connection c = TestDatabase.connect(DATABASE, TestDatabase.Role.OWNER)) {
            for (String sql : List.of("delete from outbox where user_id = ?", "delete from profiles where id = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setObject(1, user);
                    ps.executeUpdate();
                }
            }
        }
    }

    private static long scalar(String sql, UUID user) throws SQLException {
        try (Connection c = TestDatabase.connect(DATABASE, TestDatabase.Role.SERVICE);
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
