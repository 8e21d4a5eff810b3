package io.pulse.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.pulse.common.events.Topics;
import io.pulse.common.testing.NetworkAddress;
import io.pulse.common.testing.TestDatabase;
import io.pulse.common.testing.TestStackConfig;

/**
 * The three services as an operator runs them: the packaged jars ({@code <service>/target/quarkus-app}), each in its
 * own JVM, on the real PostgreSQL, Kafka and Keycloak of the local stack, with the test suite's database and a topic
 * prefix of their own per run (created up front, so consumers see them at once). {@link #get()} is the stack most
 * tests share: started once per test JVM and stopped when it exits. {@link #start} starts another one on a broker and
 * a database of its own (the fault drills stop the broker under it), with the services it needs. Each service's
 * output goes to {@code target/system-tests/<service>.log}.
 */
public final class PackagedStack implements AutoCloseable {

    /** The packaged services. */
    public enum Service {
        EVIDENCE("evidence-service"),
        INSIGHT("insight-service"),
        SYNC("sync-service");

        final String module;

        Service(String module) {
            this.module = module;
        }
    }

    /** A fixed key for the sync-service token cipher of the test run. */
    static final String SYNC_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static PackagedStack instance;

    private final Path root =
            Path.of(System.getProperty("pulse.root", "../..")).toAbsolutePath().normalize();
    private final Path logs = Path.of("target", "system-tests").toAbsolutePath();
    private final String topicPrefix =
            "test.system-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final String bootstrapServers;
    private final String database;
    private final Map<Service, Running> running = new EnumMap<>(Service.class);
    /** Receives the spans every service exports (each keeps every trace in this run). */
    private final TraceCollector traces = TraceCollector.start();
    /** API ports chosen up front, so evidence-service can proxy the others' paths (one origin for the web app). */
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private record Running(Process process, int port, int managementPort) {}

    private PackagedStack(String bootstrapServers, String database, Set<Service> services) {
        this.bootstrapServers = bootstrapServers;
        this.database = database;
        for (Service service : services) {
            ports.put(service, freePort());
        }
    }

    /** The shared stack (all three services, the local stack's broker, the test database), started on first use. */
    public static synchronized PackagedStack get() {
        if (instance == null) {
            instance = start(
                    System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                    TestDatabase.MAIN,
                    EnumSet.allOf(Service.class));
        }
        return instance;
    }

    /**
     * Starts the given services on the given broker and database (migrated by the first of them to start, as
     * evidence-service does in production), with a topic prefix of their own. Stopped by {@link #close()}, or when
     * the test JVM exits.
     */
    public static PackagedStack start(String bootstrapServers, String database, Set<Service> services) {
        return start(bootstrapServers, database, services, Map.of());
    }

    /** As {@link #start(String, String, Set)}, every service with the given extra settings. */
    public static PackagedStack start(
            String bootstrapServers, String database, Set<Service> services, Map<String, String> extra) {
        PackagedStack stack = new PackagedStack(bootstrapServers, database, services);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stopAll, "packaged-stack-stop"));
        stack.createTopics();
        for (Service service : EnumSet.copyOf(services)) {
            stack.start(service, extra);
        }
        return stack;
    }

    /** Stops every service of this stack. */
    @Override
    public void close() {
        stopAll();
    }

    /** Base URI of a service's HTTP API. */
    public URI uri(Service service) {
        return URI.create("http://127.0.0.1:" + running.get(service).port());
    }

    /** Base URI of a service's management interface (health, metrics). */
    public URI management(Service service) {
        return URI.create("http://127.0.0.1:" + running.get(service).managementPort());
    }

    /**
     * The address simulated external sources (GitLab, Jira) bind to: the first non-loopback IPv4 address of this
     * machine, which the packaged sync-service is configured to accept.
     */
    public static String sourceHost() {
        return NetworkAddress.firstNonLoopbackIpv4();
    }

    /** The collector the services export their traces to. */
    public TraceCollector traces() {
        return traces;
    }

    /** The physical topic prefix of this run. */
    public String topicPrefix() {
        return topicPrefix;
    }

    /** The Kafka bootstrap servers the services use. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The database the services use. */
    public String database() {
        return database;
    }

    /** Kills a service at once, as {@code kill -9} would. */
    public void kill(Service service) {
        Running r = running.remove(service);
        if (r != null) {
            r.process().destroyForcibly();
            waitFor(r.process());
        }
    }

    /** Starts a service again (after {@link #kill}), with extra settings, and waits until it is ready. */
    public void restart(Service service, Map<String, String> extra) {
        kill(service);
        start(service, extra);
    }

    private void start(Service service, Map<String, String> extra) {
        Path jar = root.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn package)");
        }
        int port = ports.get(service);
        int management = freePort();
        Map<String, String> settings = new java.util.TreeMap<>(TestStackConfig.settings(topicPrefix, database));
        settings.put("quarkus.http.port", Integer.toString(port));
        settings.put("quarkus.management.port", Integer.toString(management));
        // The address an integrator reaches the service at, listed as a server in its OpenAPI document.
        settings.put("pulse.http.public-url", "http://127.0.0.1:" + port);
        settings.put("pulse.sync.crypto.keys.primary", SYNC_KEY);
        settings.put("pulse.insights.debounce", "PT2S");
        settings.put("pulse.insights.refresh-poll", "1s");
        // As in production: one service migrates (evidence-service when the stack has it, being the first), the
        // others find the schema ready (they start after it).
        boolean first = service == ports.keySet().iterator().next();
        settings.put("quarkus.flyway.migrations.migrate-at-start", Boolean.toString(first));
        // The web app's single origin: evidence-service proxies the other services' API paths.
        settings.put("pulse.web.proxy.insight.url", "http://127.0.0.1:" + ports.get(Service.INSIGHT));
        settings.put("pulse.web.proxy.sync.url", "http://127.0.0.1:" + ports.get(Service.SYNC));
        // Simulated sources listen on this machine's own network address: the packaged sync-service refuses
        // loopback (honoured only in dev and test profiles) and, like an operator's self-managed server on the
        // internal network, that address is allowed explicitly, over plain http.
        settings.put("pulse.sync.base-url.allowed-cidrs", sourceHost() + "/32");
        settings.put("pulse.sync.base-url.plain-http-hosts", sourceHost());
        // Tracing as an operator turns it on: every trace kept and exported over OTLP, here to the run's collector.
        settings.put("quarkus.otel.exporter.otlp.traces.endpoint", traces.endpoint());
        settings.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        settings.put("quarkus.otel.traces.sampler.arg", "1");
        settings.put("quarkus.otel.bsp.schedule.delay", "200ms");
        settings.putAll(extra);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logs);
            ProcessBuilder builder = new ProcessBuilder(command);
            // The one setting both the messaging channels and the outbox relay follow.
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
            Process process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            logs.resolve(service.module + ".log").toFile()))
                    .start();
            running.put(service, new Running(process, port, management));
            awaitReady(service, process);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + service.module, e);
        }
    }

    private void awaitReady(Service service, Process process) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        service.module + " exited; see " + logs.resolve(service.module + ".log"));
            }
            for (URI base : List.of(management(service), uri(service))) {
                try {
                    HttpResponse<Void> r = http.send(
                            HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            sleep(500);
        }
        throw new IllegalStateException(service.module + " not ready within " + READY_TIMEOUT);
    }

    private void createTopics() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : Topics.all()) {
                topics.add(new NewTopic(topicPrefix + topic, 3, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the run's topics", e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create the run's topics", e);
        }
    }

    private synchronized void stopAll() {
        running.values().forEach(r -> r.process().destroy());
        running.values().forEach(r -> waitFor(r.process()));
        running.clear();
    }

    private static void waitFor(Process process) {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
