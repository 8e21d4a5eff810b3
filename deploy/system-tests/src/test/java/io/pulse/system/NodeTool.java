package io.pulse.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a third-party node tool installed in {@code node/} (by the build's {@code npm ci}) and captures its output. */
final class NodeTool {

    static final Path DIR = Path.of("node").toAbsolutePath();

    record Result(int exitCode, String output) {}

    private NodeTool() {}

    /** Runs {@code node <args>} (a script of node/ or a package binary under node_modules/.bin). */
    static Result run(List<String> args) throws IOException, InterruptedException {
        return run(args, Duration.ofMinutes(5));
    }

    /** As {@link #run(List)}, for a tool that may take up to {@code timeout}. */
    static Result run(List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("node " + args + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }

    /** Path of a package binary's JavaScript entry point. */
    static String bin(String name) {
        return DIR.resolve("node_modules/.bin").resolve(name).toString();
    }
}
