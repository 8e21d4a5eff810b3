package io.pulse.system.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestDatabase.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration Job's command works: the packaged evidence-service, started with the environment the JVM overlay's
 * Job gives it (its ConfigMap and its own variables; only the cluster's addresses and the owner's password are
 * replaced by the local stack's), migrates an empty database to the release's schema and exits 0 without staying up
 * to serve.
 */
class MigrationJobTest {

    private static final String JOB = "pulse-migrate-0.1.0";

    @Test
    void theJobMigratesAnEmptyDatabaseAndExits() throws Exception {
        String database = TestDatabase.MIGRATIONS_SCRATCH;
        TestDatabase.empty(database);
        Manifests manifests = Manifests.render(KubernetesManifestsTest.K8S.resolve("overlays/jvm"));
        JsonNode container = manifests.get("Job", JOB).at("/spec/template/spec/containers/0");
        Map<String, String> env = new HashMap<>(manifests.literalEnvironment(container));
        // The local stack instead of the cluster's services.
        env.put("PULSE_DB_HOST", System.getenv().getOrDefault("PULSE_DB_HOST", "127.0.0.1"));
        env.put("PULSE_DB_PORT", System.getenv().getOrDefault("PULSE_DB_PORT", "5432"));
        env.put("PULSE_DB_NAME", database);
        env.put("PULSE_DB_OWNER_USER", Role.OWNER.user());
        env.put("PULSE_DB_OWNER_PASSWORD", Role.OWNER.password());
        env.put("PULSE_DB_APP_USER", Role.APP.user());
        env.put("PULSE_DB_SERVICE_USER", Role.SERVICE.user());
        env.put("KAFKA_BOOTSTRAP_SERVERS", System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        env.put(
                "PULSE_OIDC_ISSUER",
                System.getenv().getOrDefault("PULSE_OIDC_ISSUER", "http://127.0.0.1:8180/realms/pulse"));
        env.put("PULSE_OTEL_SAMPLE_RATIO", "0");
        // Were it to serve after all, it would not collide with anything on this machine.
        env.put("PULSE_HTTP_HOST", "127.0.0.1");
        env.put("PULSE_EVIDENCE_PORT", "0");
        env.put("PULSE_MANAGEMENT_PORT", "0");

        Path log = Path.of("target", "system-tests", "migration-job.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The image's entry point (run-java.sh) appends JAVA_OPTS_APPEND to the java command.
        command.addAll(Arrays.asList(env.getOrDefault("JAVA_OPTS_APPEND", "").split("\\s+")));
        command.removeIf(String::isBlank);
        command.add("-jar");
        command.add(KubernetesManifestsTest.ROOT
                .resolve("evidence-service/target/quarkus-app/quarkus-run.jar")
                .toString());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("PULSE_") || k.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        Process process = builder.start();

        boolean exited = process.waitFor(4, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        assertThat(exited).as("the Job's process exits by itself (see %s)", log).isTrue();
        assertThat(process.exitValue()).as("exit code (see %s)", log).isZero();
        MigrationInfo[] all = flyway(database).info().all();
        assertThat(all)
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.getState().isApplied())
                        .as("%s %s", m.getVersion(), m.getDescription())
                        .isTrue());
        assertThat(flyway(database).info().pending()).isEmpty();
    }

    private static Flyway flyway(String database) {
        return Flyway.configure()
                .dataSource(TestDatabase.jdbcUrl(database), Role.OWNER.user(), Role.OWNER.password())
                .locations("classpath:db/migration")
                .placeholders(TestDatabase.placeholders(384))
                .outOfOrder(true)
                .load();
    }
}
