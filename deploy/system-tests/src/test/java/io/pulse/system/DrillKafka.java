package io.pulse.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Kafka broker of the fault drills' own, so a drill can take it away without touching the broker of the local stack
 * (which the developer's services and the other tests use): a second single-node KRaft broker started by
 * {@code deploy/local/kafka.sh} from the same jars, with its own directory ({@code target/drill-kafka}: config, data,
 * pid file, log) and free ports. Its data stays across a stop, as a real broker's disk does.
 */
final class DrillKafka implements AutoCloseable {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    private final Path script;
    private final Path home;
    private final int port;
    private final int controllerPort;

    private DrillKafka(Path script, Path home, int port, int controllerPort) {
        this.script = script;
        this.home = home;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** A fresh broker (its directory emptied), started and serving metadata. */
    static DrillKafka start() {
        Path root = Path.of(System.getProperty("pulse.root", "../.."))
                .toAbsolutePath()
                .normalize();
        Path home = Path.of("target", "drill-kafka").toAbsolutePath();
        DrillKafka kafka = new DrillKafka(root.resolve("deploy/local/kafka.sh"), home, freePort(), freePort());
        if (Files.exists(home)) {
            // A broker an interrupted run left behind (it runs in a session of its own) is found by its directory.
            kafka.close();
            deleteTree(home);
        }
        kafka.up();
        return kafka;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker again (after {@link #kill}) on the same directory and ports; returns once it serves. */
    void up() {
        run("up");
    }

    /** Kills the broker at once (SIGKILL), as a crashed machine would lose it, and waits until it is gone. */
    void kill() {
        try {
            long pid =
                    Long.parseLong(Files.readString(home.resolve("kafka.pid")).trim());
            ProcessHandle broker = ProcessHandle.of(pid)
                    // Only this broker: its command line names its own config file.
                    .filter(p -> p.info().commandLine().orElse("").contains(home.toString()))
                    .orElseThrow(() -> new IllegalStateException("the drill broker (pid " + pid + ") is not running"));
            broker.destroyForcibly();
            broker.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        } catch (IOException e) {
            throw new IllegalStateException("the drill broker has no pid file in " + home, e);
        }
    }

    /** Stops the broker cleanly. */
    @Override
    public void close() {
        run("down");
    }

    private void run(String command) {
        try {
            Files.createDirectories(home);
            ProcessBuilder builder = new ProcessBuilder(List.of("bash", script.toString(), command));
            Map<String, String> env = builder.environment();
            env.put("PULSE_KAFKA_HOME", home.toString());
            env.put("PULSE_KAFKA_PORT", Integer.toString(port));
            env.put("PULSE_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
            env.put("PULSE_LOG_DIR", home.resolve("logs").toString());
            env.put("PULSE_KAFKA_HEAP", "-Xmx384m -Xms64m");
            Process process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            home.resolve("kafka-sh.log").toFile()))
                    .start();
            if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kafka.sh " + command + " did not finish within " + SCRIPT_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kafka.sh " + command + " failed; see " + home.resolve("kafka-sh.log")
                        + " and " + home.resolve("logs/kafka.log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run kafka.sh " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not empty " + dir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
