package io.pulse.system.k8s;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one service's build says about how it must be deployed, read from the repository rather than restated in the
 * test: its configuration (common's shared defaults under its own application.properties, production profile) and the
 * API paths of the OpenAPI document its build stored ({@code <module>/target/openapi/openapi.json}).
 *
 * <p>{@link #value} resolves a key the way Quarkus does for a container with a given environment: the key's own
 * environment variable ({@code quarkus.http.port} - {@code QUARKUS_HTTP_PORT}) wins, then the configured value with
 * its {@code ${NAME:default}} expressions expanded against the environment and the other keys.
 */
public record ServiceFacts(String module, Properties config, List<String> apiPaths) {

    /** The three services, as built in the repository at {@code root}. */
    public static List<ServiceFacts> load(Path root) {
        Properties common =
                properties(root.resolve("common/src/main/resources/META-INF/microprofile-config.properties"));
        List<ServiceFacts> services = new ArrayList<>();
        for (String module : List.of("evidence-service", "insight-service", "sync-service")) {
            Properties config = new Properties();
            config.putAll(common);
            config.putAll(properties(root.resolve(module).resolve("src/main/resources/application.properties")));
            services.add(new ServiceFacts(
                    module, config, apiPaths(root.resolve(module).resolve("target/openapi/openapi.json"))));
        }
        return services;
    }

    /** The key's value in a container with this environment, if it has one. */
    public Optional<String> value(String key, Map<String, String> env) {
        String fromEnv = env.get(envName(key));
        if (fromEnv != null) {
            return Optional.of(fromEnv);
        }
        String raw = config.getProperty(key);
        return raw == null ? Optional.empty() : Optional.of(expand(raw, env));
    }

    /** The key's value, which must exist. */
    public String require(String key, Map<String, String> env) {
        return value(key, env).orElseThrow(() -> new IllegalStateException(module + " has no " + key));
    }

    public int apiPort(Map<String, String> env) {
        return Integer.parseInt(require("quarkus.http.port", env));
    }

    public int managementPort(Map<String, String> env) {
        return Integer.parseInt(require("quarkus.management.port", env));
    }

    /** Whether the service applies the Flyway migrations when it starts. */
    public boolean migratesAtStart(Map<String, String> env) {
        return Boolean.parseBoolean(
                value("quarkus.flyway.migrations.migrate-at-start", env).orElse("false"));
    }

    /**
     * The health endpoints SmallRye Health serves on the management interface: liveness, readiness and startup under
     * {@code /<non-application root>/<health root>}.
     */
    public Map<String, String> healthPaths(Map<String, String> env) {
        String root = "/"
                + value("quarkus.http.non-application-root-path", env)
                        .orElse("q")
                        .replaceAll("^/|/$", "") + "/"
                + value("quarkus.smallrye-health.root-path", env)
                        .orElse("health")
                        .replaceAll("^/|/$", "");
        return Map.of(
                "livenessProbe",
                        root + "/"
                                + value("quarkus.smallrye-health.liveness-path", env)
                                        .orElse("live"),
                "readinessProbe",
                        root + "/"
                                + value("quarkus.smallrye-health.readiness-path", env)
                                        .orElse("ready"),
                "startupProbe",
                        root + "/"
                                + value("quarkus.smallrye-health.startup-path", env)
                                        .orElse("started"));
    }

    /** Quarkus' environment variable for a configuration key. */
    public static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private String expand(String raw, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            int start = raw.indexOf("${", i);
            if (start < 0) {
                out.append(raw, i, raw.length());
                break;
            }
            out.append(raw, i, start);
            int end = closing(raw, start);
            String inner = raw.substring(start + 2, end);
            int colon = topLevelColon(inner);
            String name = colon < 0 ? inner : inner.substring(0, colon);
            String fallback = colon < 0 ? "" : inner.substring(colon + 1);
            String value =
                    env.containsKey(name) ? env.get(name) : value(name, env).orElseGet(() -> expand(fallback, env));
            out.append(value);
            i = end + 1;
        }
        return out.toString();
    }

    private static int closing(String raw, int start) {
        int depth = 0;
        for (int i = start; i < raw.length(); i++) {
            if (raw.startsWith("${", i)) {
                depth++;
                i++;
            } else if (raw.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced expression: " + raw);
    }

    private static int topLevelColon(String inner) {
        int depth = 0;
        for (int i = 0; i < inner.length(); i++) {
            if (inner.startsWith("${", i)) {
                depth++;
                i++;
            } else if (inner.charAt(i) == '}') {
                depth--;
            } else if (inner.charAt(i) == ':' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        // Production: profile-specific keys (%dev., %test.) do not apply in a cluster.
        properties.stringPropertyNames().stream().filter(k -> k.startsWith("%")).forEach(properties::remove);
        return properties;
    }

    private static List<String> apiPaths(Path openApi) {
        if (!Files.isRegularFile(openApi)) {
            throw new IllegalStateException(openApi + " is missing: package the services first (mvn package)");
        }
        try {
            JsonNode paths = new ObjectMapper().readTree(openApi.toFile()).path("paths");
            List<String> all = new ArrayList<>();
            paths.fieldNames().forEachRemaining(all::add);
            return all;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + openApi, e);
        }
    }
}
