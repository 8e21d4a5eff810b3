package io.pulse.insight.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pgvector.PGvector;

import io.pulse.common.testing.PulseTestResource;
import io.pulse.common.testing.TestDatabase;
import io.pulse.insight.search.repository.SearchRepository;
import io.pulse.insight.support.OpenAiSimulator;
import io.pulse.insight.support.TestData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.langchain4j.model.embedding.EmbeddingModel;

import static org.awaitility.Awaitility.await;

/**
 * Benchmark, not a test: run with {@code mvn -B -pl insight-service verify -Pbench} (see README). Two parts:
 *
 * <ol>
 *   <li>Per-user exact vector search in a table of at least 1M rows (384 dimensions, binary COPY into the separate
 *       database {@code pulse_bench}, loaded once and reused), for a user with 1k items and one with 10k: p50/p99
 *       latency of the search query and of the whole request transaction (bind user, query, commit), and recall
 *       against a brute-force top-k computed in Java.
 *   <li>Enrichment throughput of the running service (outbox, Kafka, analysis, embedding, write) against the
 *       embedding model's own standalone throughput on the same texts, in the same JVM.
 * </ol>
 */
@QuarkusTest
@WithTestResource(PulseTestResource.class)
@WithTestResource(OpenAiSimulator.class)
class SearchAndEnrichmentBenchmark {

    static final String DB = System.getProperty("bench.db", "pulse_bench");
    static final int DIM = 384;
    static final int TOTAL_ROWS = Integer.getInteger("bench.rows", 1_000_000);
    static final int BIG_USER = 10_000;
    static final int SMALL_USER = 1_000;
    static final int OTHER_USERS = 998;
    static final int QUERIES = Integer.getInteger("bench.queries", 500);
    static final int K = 10;
    static final String MODEL = "all-minilm-l6-v2";
    /** The service's own search SQL, with JDBC placeholders (bound in order of appearance). */
    static final String SERVICE_SQL = SearchRepository.semanticSql("");

    static final List<Integer> PARAM_ORDER = paramOrder(SERVICE_SQL);
    static final String SEARCH_SQL = SERVICE_SQL.replaceAll("\\$\\d+", "?");

    @Inject
    EmbeddingModel model;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    private double eventsHandled() {
        return metrics.find("pulse.enrichment.events").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    @Test
    void run() throws Exception {
        System.out.println("=== insight-service benchmark ===");
        searchBenchmark();
        enrichmentBenchmark();
    }

    // ------------------------------------------------------------------------------------------------ search

    void searchBenchmark() throws Exception {
        TestDatabase.migrate(DB, DIM);
        UUID[] users = ensureLoaded();
        UUID big = users[0];
        UUID small = users[1];
        try (Connection c = TestDatabase.connect(DB, TestDatabase.Role.OWNER)) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "select count(*), pg_size_pretty(pg_total_relation_size('evidence'))" + " from evidence")) {
                rs.next();
                System.out.printf("table: %d rows, %s%n", rs.getLong(1), rs.getString(2));
            }
        }
        for (UUID user : new UUID[] {small, big}) {
            measure(user);
        }
    }

    private void measure(UUID user) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        try (Connection c = TestDatabase.connect(DB, TestDatabase.Role.SERVICE);
                PreparedStatement ps =
                        c.prepareStatement("select id, embedding::text from evidence where user_id = ?")) {
            ps.setObject(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                    vectors.add(new PGvector(rs.getString(2)).toArray());
                }
            }
        }
        Random random = new Random(42);
        long[] queryNanos = new long[QUERIES];
        long[] txNanos = new long[QUERIES];
        double recallSum = 0;
        String plan = null;
        try (Connection c = TestDatabase.connect(DB, TestDatabase.Role.APP)) {
            c.setAutoCommit(false);
            try (PreparedStatement bind = c.prepareStatement("select set_config('app.user_id', ?, true)");
                    PreparedStatement search = c.prepareStatement(SEARCH_SQL)) {
                for (int i = -50; i < QUERIES; i++) {
                    // A query near one of the user's items (as a real query is near some of them), plus noise.
                    float[] q = noisy(vectors.get(random.nextInt(vectors.size())), random);
                    String qv = new PGvector(q).getValue();
                    long t0 = System.nanoTime();
                    bind.setString(1, user.toString());
                    bind.executeQuery().close();
                    long t1 = System.nanoTime();
                    Object[] values = {user, qv, MODEL, 1.0, K};
                    for (int p = 0; p < PARAM_ORDER.size(); p++) {
                        search.setObject(p + 1, values[PARAM_ORDER.get(p) - 1]);
                    }
                    List<UUID> got = new ArrayList<>();
                    try (ResultSet rs = search.executeQuery()) {
                        while (rs.next()) {
                            got.add(rs.getObject(1, UUID.class));
                        }
                    }
                    long t2 = System.nanoTime();
                    c.commit();
                    long t3 = System.nanoTime();
                    if (i >= 0) {
                        queryNanos[i] = t2 - t1;
                        txNanos[i] = t3 - t0;
                        recallSum += recall(got, exactTopK(q, ids, vectors));
                    }
                }
            }
            try (PreparedStatement bind = c.prepareStatement("select set_config('app.user_id', ?, true)");
                    PreparedStatement explain = c.prepareStatement("explain (analyze, buffers) " + SEARCH_SQL)) {
                bind.setString(1, user.toString());
                bind.executeQuery().close();
                Object[] values = {user, new PGvector(vectors.get(0)).getValue(), MODEL, 1.0, K};
                for (int p = 0; p < PARAM_ORDER.size(); p++) {
                    explain.setObject(p + 1, values[PARAM_ORDER.get(p) - 1]);
                }
                StringBuilder out = new StringBuilder();
                try (ResultSet rs = explain.executeQuery()) {
                    while (rs.next()) {
                        String line = rs.getString(1);
                        out.append("    ")
                                .append(line.length() > 160 ? line.substring(0, 160) + "..." : line)
                                .append('\n');
                    }
                }
                plan = out.toString();
                c.commit();
            }
        }
        System.out.printf(
                "user with %,d items: search query p50 %.2f ms, p99 %.2f ms; request transaction p50 %.2f ms,"
                        + " p99 %.2f ms; recall@%d vs exact %.4f (%d queries)%n",
                ids.size(),
                percentile(queryNanos, 50),
                percentile(queryNanos, 99),
                percentile(txNanos, 50),
                percentile(txNanos, 99),
                K,
                recallSum / QUERIES,
                QUERIES);
        System.out.print("  plan:\n" + plan);
    }

    private static List<Integer> paramOrder(String sql) {
        List<Integer> order = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$(\\d+)").matcher(sql);
        while (m.find()) {
            order.add(Integer.parseInt(m.group(1)));
        }
        return order;
    }

    private static float[] noisy(float[] v, Random random) {
        float[] q = new float[v.length];
        double norm = 0;
        for (int d = 0; d < v.length; d++) {
            q[d] = (float) (v[d] + random.nextGaussian() * 0.03);
            norm += q[d] * q[d];
        }
        norm = Math.sqrt(norm);
        for (int d = 0; d < v.length; d++) {
            q[d] /= (float) norm;
        }
        return q;
    }

    private static List<UUID> exactTopK(float[] q, List<UUID> ids, List<float[]> vectors) {
        record Scored(UUID id, double distance) {}
        List<Scored> all = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            float[] v = vectors.get(i);
            double dot = 0;
            double nv = 0;
            double nq = 0;
            for (int d = 0; d < v.length; d++) {
                dot += (double) q[d] * v[d];
                nv += (double) v[d] * v[d];
                nq += (double) q[d] * q[d];
            }
            all.add(new Scored(ids.get(i), 1 - dot / Math.sqrt(nv * nq)));
        }
        all.sort(Comparator.comparingDouble(Scored::distance).thenComparing(Scored::id));
        return all.stream().limit(K).map(Scored::id).toList();
    }

    private static double recall(List<UUID> got, List<UUID> exact) {
        Set<UUID> hit = new HashSet<>(exact);
        hit.retainAll(got);
        return (double) hit.size() / exact.size();
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }

    /** Loads the bench table once (binary COPY); returns the 10k-item user and the 1k-item user. */
    private UUID[] ensureLoaded() throws SQLException, IOException {
        try (Connection c = TestDatabase.connect(DB, TestDatabase.Role.OWNER)) {
            c.setAutoCommit(true);
            UUID big = userId(c, "bench-10k");
            UUID small = userId(c, "bench-1k");
            long rows;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) from evidence")) {
                rs.next();
                rows = rs.getLong(1);
            }
            if (big != null && small != null && rows >= TOTAL_ROWS) {
                System.out.printf("bench data already loaded (%,d rows)%n", rows);
                return new UUID[] {big, small};
            }
            try (Statement s = c.createStatement()) {
                s.execute("truncate evidence, profiles cascade");
                for (String index : List.of(
                        "evidence_user_id_idx",
                        "evidence_user_occurred_idx",
                        "evidence_source_idx",
                        "evidence_created_at_idx",
                        "evidence_tags_idx",
                        "evidence_search_vector_idx",
                        "evidence_user_vectors_idx")) {
                    s.execute("drop index if exists " + index);
                }
            }
            big = createUser(c, "bench-10k");
            small = createUser(c, "bench-1k");
            List<UUID> others = new ArrayList<>();
            for (int i = 0; i < OTHER_USERS; i++) {
                others.add(createUser(c, "bench-u" + i));
            }
            int perOther = (int) Math.ceil((double) (TOTAL_ROWS - BIG_USER - SMALL_USER) / OTHER_USERS);
            long start = System.nanoTime();
            long loaded = 0;
            CopyIn copy = c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("copy evidence (user_id, title, content, source, embedding, embedding_model)"
                            + " from stdin (format binary)");
            Random random = new Random(7);
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
            DataOutputStream out = new DataOutputStream(buffer);
            out.writeBytes("PGCOPY\n");
            out.write(new byte[] {(byte) 0xff, '\r', '\n', 0});
            out.writeInt(0);
            out.writeInt(0);
            List<UUID> order = new ArrayList<>();
            for (int i = 0; i < BIG_USER; i++) {
                order.add(big);
            }
            for (int i = 0; i < SMALL_USER; i++) {
                order.add(small);
            }
            // Interleave the other users so the big users' rows are not physically clustered by chance.
            for (int i = 0; i < perOther; i++) {
                order.addAll(others);
            }
            java.util.Collections.shuffle(order, random);
            for (UUID user : order) {
                out.writeShort(6);
                writeUuid(out, user);
                writeText(out, "Bench item " + loaded);
                writeText(out, "Synthetic evidence row number " + loaded + " for the search benchmark.");
                writeText(out, "manual");
                out.writeInt(4 + 4 * DIM);
                out.writeShort(DIM);
                out.writeShort(0);
                double norm = 0;
                float[] v = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                    v[d] = (float) random.nextGaussian();
                    norm += v[d] * v[d];
                }
                norm = Math.sqrt(norm);
                for (int d = 0; d < DIM; d++) {
                    out.writeFloat((float) (v[d] / norm));
                }
                writeText(out, MODEL);
                loaded++;
                if (buffer.size() > (1 << 20)) {
                    copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                    buffer.reset();
                }
            }
            out.writeShort(-1);
            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            copy.endCopy();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("binary COPY: %,d rows in %.1f s (%,.0f rows/s)%n", loaded, seconds, loaded / seconds);
            long indexStart = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("create index evidence_user_id_idx on evidence (user_id)");
                s.execute("create index evidence_user_occurred_idx on evidence (user_id, occurred_at desc, id desc)");
                s.execute("create index evidence_source_idx on evidence (source)");
                s.execute("create index evidence_created_at_idx on evidence (created_at desc)");
                s.execute("create index evidence_tags_idx on evidence using gin (tags)");
                s.execute("create index evidence_search_vector_idx on evidence using gin (search_vector)");
                s.execute("create index evidence_user_vectors_idx on evidence (user_id)"
                        + " include (id, embedding_model, embedding)");
                s.execute("vacuum analyze evidence");
            }
            System.out.printf("indexes + vacuum analyze: %.1f s%n", (System.nanoTime() - indexStart) / 1e9);
            return new UUID[] {big, small};
        }
    }

    private static UUID userId(Connection c, String subject) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("select id from profiles where oidc_issuer = 'bench' and oidc_subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }

    private static UUID createUser(Connection c, String subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into profiles (oidc_issuer, oidc_subject) values ('bench', ?) returning id")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    private static void writeUuid(DataOutputStream out, UUID id) throws IOException {
        out.writeInt(16);
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    // ------------------------------------------------------------------------------------------------ enrichment

    private double batchedThroughput(List<String[]> texts) {
        long b0 = System.nanoTime();
        for (int from = 0; from < texts.size(); from += 64) {
            model.embedAll(texts.subList(from, Math.min(texts.size(), from + 64)).stream()
                    .map(t -> dev.langchain4j.data.segment.TextSegment.from(t[0] + "\n\n" + t[1]))
                    .toList());
        }
        return texts.size() / ((System.nanoTime() - b0) / 1e9);
    }

    void enrichmentBenchmark() throws IOException {
        int n = Integer.getInteger("bench.enrich", 600);
        JsonNode items;
        try (InputStream in = getClass().getResourceAsStream("/retrieval/evidence.json")) {
            items = new ObjectMapper().readTree(in);
        }
        List<String[]> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode item = items.get(i % items.size());
            texts.add(new String[] {
                item.get("title").asText() + " (" + (i / items.size() + 1) + ")",
                item.get("content").asText() + " Follow-up " + i + " recorded for the quarterly review.",
                item.get("source").asText()
            });
        }
        long s0 = System.nanoTime();
        for (String[] t : texts) {
            model.embed(t[0] + "\n\n" + t[1]);
        }
        double single = n / ((System.nanoTime() - s0) / 1e9);
        double batched = batchedThroughput(texts);
        // The reference is the better of the two ways of calling the model on its own; measured again right after
        // the enrichment run below (the machine's load drifts) and the higher figure kept.
        double standalone = Math.max(single, batched);
        System.out.printf(
                "embedding model standalone: %d texts, %.1f texts/s one at a time, %.1f texts/s in embedAll"
                        + " batches of 64; reference %.1f texts/s%n",
                n, single, batched, standalone);

        TestData.User user = TestData.user(false);
        Instant at = Instant.now().minus(Duration.ofDays(1));
        // All rows and events land in one transaction, so the measurement is bound by enrichment, not by the writer.
        long i0 = System.nanoTime();
        TestData.createMany(user, texts, at);
        double before = eventsHandled();
        long e0 = System.nanoTime();
        double insertSeconds = (e0 - i0) / 1e9;
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ((Number) TestData.query(
                                                "select count(*) as n from evidence where user_id = ? and embedding is not null",
                                                user.id())
                                        .get(0)
                                        .get("n"))
                                .intValue()
                        == n);
        double seconds = (System.nanoTime() - e0) / 1e9;
        double enrichment = n / seconds;
        double handled = eventsHandled() - before;
        java.util.Map<String, Object> span = TestData.query(
                        "select count(*) as n, extract(epoch from max((ai_metadata->>'enriched_at')::timestamptz)"
                                + " - min((ai_metadata->>'enriched_at')::timestamptz)) as s from evidence"
                                + " where user_id = ?",
                        user.id())
                .get(0);
        List<java.util.Map<String, Object>> compute = TestData.query(
                "select avg((ai_metadata->>'processing_time')::float8) as ms from evidence where user_id = ?",
                user.id());
        System.out.printf(
                "enrichment end to end (outbox -> Kafka -> analysis + embedding -> guarded write + outbox): %d items"
                        + " in %.1f s after their commit (insert transaction %.1f s) = %.1f items/s = %.0f%% of"
                        + " standalone%n",
                n, seconds, insertSeconds, enrichment, 100 * enrichment / standalone);
        System.out.printf(
                "  the consumer handled %.0f evidence events in that window (%.1f/s, %.0f%% of standalone; the"
                        + " shared broker also carries other suites' events); mean analysis + embedding time per"
                        + " item %.1f ms%n",
                handled,
                handled / seconds,
                100 * handled / seconds / standalone,
                compute.get(0).get("ms"));
        double after = batchedThroughput(texts);
        if (after > standalone) {
            System.out.printf(
                    "  standalone (embedAll) re-measured after the run: %.1f texts/s: enrichment = %.0f%% of it%n",
                    after, 100 * enrichment / after);
            standalone = after;
        }
        // Excluding the wait for the outbox relay (it polls about once a second) before the first event arrives.
        double steady = ((Number) span.get("n")).doubleValue() / ((Number) span.get("s")).doubleValue();
        System.out.printf(
                "  steady state (first to last enrichment timestamp): %.1f items/s = %.0f%% of standalone%n",
                steady, 100 * steady / standalone);
        TestData.query("delete from profiles where id = ? returning id", user.id());
    }
}
