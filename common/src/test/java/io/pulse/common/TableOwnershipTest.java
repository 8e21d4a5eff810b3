package io.pulse.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner per table: scans the SQL in every module's production code and fails when code writes a table (or, for
 * {@code evidence}, a column) it does not own. The ownership table is the one in the README's architecture section;
 * tables come from the migrations, so a new table without an owner fails here too.
 */
class TableOwnershipTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MIGRATIONS = ROOT.resolve("common/src/main/resources/db/migration");

    /** Table -> the source paths (files or folders, from the repository root) whose code may write it. */
    static final Map<String, List<String>> OWNERS = new LinkedHashMap<>();

    /** Enrichment's column group of {@code evidence}: the only evidence columns insight-service may write. */
    static final Set<String> ENRICHMENT_COLUMNS =
            Set.of("summary", "ai_metadata", "embedding", "embedding_model", "enriched_version");

    private static final String ENRICHMENT = "insight-service/src/main/java/io/pulse/insight/enrichment/repository/";

    static {
        OWNERS.put("profiles", List.of("evidence-service/src/main/java/io/pulse/evidence/profile/repository/"));
        OWNERS.put(
                "evidence", List.of("common/src/main/java/io/pulse/common/evidence/EvidenceWriter.java", ENRICHMENT));
        OWNERS.put("insights", List.of("insight-service/src/main/java/io/pulse/insight/insights/repository/"));
        OWNERS.put("enrichment_dead_letters", List.of(ENRICHMENT));
        OWNERS.put(
                "insight_generation_requests",
                List.of("insight-service/src/main/java/io/pulse/insight/insights/repository/"));
        OWNERS.put("insight_refresh_queue", List.of("insight-service/src/main/java/io/pulse/insight/"));
        OWNERS.put("sync_jobs", List.of("sync-service/src/main/java/io/pulse/sync/job/repository/"));
        OWNERS.put("source_connections", List.of("sync-service/src/main/java/io/pulse/sync/connection/repository/"));
        OWNERS.put("source_project_paths", List.of("sync-service/src/main/java/io/pulse/sync/gitlab/repository/"));
        OWNERS.put(
                "outbox",
                List.of(
                        "common/src/main/java/io/pulse/common/db/OutboxWriter.java",
                        "common/src/main/java/io/pulse/common/outbox/OutboxRelay.java"));
        OWNERS.put(
                "evidence_attachments",
                List.of("evidence-service/src/main/java/io/pulse/evidence/attachment/repository/"));
        OWNERS.put(
                "attachment_chunks",
                List.of("evidence-service/src/main/java/io/pulse/evidence/attachment/repository/"));
        String evidence = "evidence-service/src/main/java/io/pulse/evidence/";
        OWNERS.put("review_periods", List.of(evidence + "period/repository/"));
        OWNERS.put("goals", List.of(evidence + "goal/repository/"));
        OWNERS.put("goal_evidence", List.of(evidence + "goal/repository/"));
        OWNERS.put("review_packets", List.of(evidence + "packet/repository/"));
        OWNERS.put("packet_bullets", List.of(evidence + "packet/repository/"));
        OWNERS.put("packet_citations", List.of(evidence + "packet/repository/"));
        OWNERS.put("manager_links", List.of(evidence + "share/repository/"));
        OWNERS.put("shares", List.of(evidence + "share/repository/"));
        OWNERS.put("erasure_requests", List.of(evidence + "profile/repository/"));
        OWNERS.put("data_exports", List.of(evidence + "export/repository/"));
        OWNERS.put("processed_events", List.of("common/src/main/java/io/pulse/common/messaging/ProcessedEvents.java"));
    }

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern WRITE = Pattern.compile(
            "\\b(insert\\s+into|update|delete\\s+from|truncate(?:\\s+table)?|merge\\s+into)\\s+(?:only\\s+)?([a-z_][a-z0-9_]*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ASSIGNED = Pattern.compile("(?:^|,)\\s*([a-z_][a-z0-9_]*)\\s*=");

    @Test
    void everyTableHasAnOwner() throws IOException {
        assertThat(OWNERS.keySet()).containsExactlyInAnyOrderElementsOf(tables());
    }

    @Test
    void onlyOwnersWriteTables() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> tables = tables();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(TableOwnershipTest::isProductionJava).forEach(file -> {
                String source = ROOT.relativize(file).toString().replace('\\', '/');
                String sql = sqlOf(file);
                Matcher write = WRITE.matcher(sql);
                while (write.find()) {
                    String table = write.group(2).toLowerCase(Locale.ROOT);
                    if (!tables.contains(table)) {
                        continue;
                    }
                    List<String> owners = OWNERS.getOrDefault(table, List.of());
                    if (owners.stream().noneMatch(source::startsWith)) {
                        violations.add(source + " writes " + table + " (" + write.group(1) + "), owned by " + owners);
                    } else if (table.equals("evidence") && source.startsWith(ENRICHMENT)) {
                        checkEnrichmentColumns(source, write, sql, violations);
                    }
                }
            });
        }
        assertThat(violations).as("writes outside the owning module").isEmpty();
    }

    private static void checkEnrichmentColumns(String source, Matcher write, String sql, List<String> violations) {
        if (!write.group(1).equalsIgnoreCase("update")) {
            violations.add(source + " " + write.group(1) + " evidence: enrichment may only update its columns");
            return;
        }
        String rest = sql.substring(write.end());
        Matcher set = Pattern.compile("^\\s*set\\s+(.*?)\\s+(?:where|returning|from)\\b", Pattern.CASE_INSENSITIVE)
                .matcher(rest);
        if (!set.find()) {
            violations.add(source + " updates evidence without a readable SET list");
            return;
        }
        Set<String> columns = new TreeSet<>();
        Matcher assigned = ASSIGNED.matcher(set.group(1).replaceAll("\\([^()]*\\)", "()"));
        while (assigned.find()) {
            columns.add(assigned.group(1).toLowerCase(Locale.ROOT));
        }
        columns.removeAll(ENRICHMENT_COLUMNS);
        if (!columns.isEmpty()) {
            violations.add(source + " updates evidence columns " + columns + " outside enrichment's group");
        }
    }

    private static boolean isProductionJava(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.endsWith(".java") && path.contains("/src/main/java/") && !path.contains("/target/");
    }

    /** The file's string literals, joined: SQL built by concatenating literals reads as one statement. */
    private static String sqlOf(Path file) {
        try {
            Matcher literal = LITERAL.matcher(Files.readString(file));
            StringBuilder out = new StringBuilder();
            while (literal.find()) {
                out.append(literal.group(1));
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> tables() throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Matcher create = CREATE_TABLE.matcher(Files.readString(file));
                while (create.find()) {
                    tables.add(create.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return tables;
    }
}
