package io.pulse.system.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Kubernetes resources as rendered by {@code kubectl kustomize}, one JSON tree per document, with the look-ups the
 * manifest rules need. The trees are mutable so that tests can break a good render on purpose.
 */
public final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Kinds whose pods run the product, and where their pod template sits. */
    private static final Map<String, String> POD_TEMPLATES = Map.of(
            "Deployment", "/spec/template",
            "StatefulSet", "/spec/template",
            "DaemonSet", "/spec/template",
            "Job", "/spec/template",
            "CronJob", "/spec/jobTemplate/spec/template");

    private final List<ObjectNode> documents;

    private Manifests(List<ObjectNode> documents) {
        this.documents = documents;
    }

    /** Renders a kustomization directory with the machine's kubectl (deploy/local/kubectl.sh up installs one). */
    public static Manifests render(Path kustomization) {
        return parse(renderYaml(kustomization));
    }

    /** The YAML stream {@code kubectl kustomize} prints for a kustomization directory. */
    public static String renderYaml(Path kustomization) {
        List<String> command = List.of("kubectl", "kustomize", kustomization.toString());
        try {
            // Warnings and errors go to a file, so that neither pipe can fill up and block the render.
            Path errors = Files.createTempFile("kustomize", ".err");
            Process process =
                    new ProcessBuilder(command).redirectError(errors.toFile()).start();
            byte[] stdout = process.getInputStream().readAllBytes();
            boolean done = process.waitFor(2, TimeUnit.MINUTES);
            String stderr = Files.readString(errors);
            Files.delete(errors);
            if (!done || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + stderr);
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "kubectl is needed to render " + kustomization + " (deploy/local/kubectl.sh up installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Parses a multi-document YAML stream; empty documents are skipped. */
    public static Manifests parse(String yaml) {
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node instanceof ObjectNode object) {
                    documents.add(object);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
        }
        return new Manifests(documents);
    }

    /** These documents plus those of another YAML stream (for tests that add a broken resource). */
    public Manifests plus(String yaml) {
        List<ObjectNode> all = new ArrayList<>(documents);
        all.addAll(parse(yaml).documents);
        return new Manifests(all);
    }

    public List<ObjectNode> all() {
        return documents;
    }

    public List<ObjectNode> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(kind(d))).toList();
    }

    public Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(name(d))).findFirst();
    }

    /** The resource, or an error naming it (for tests that edit a known resource). */
    public ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new IllegalArgumentException("no " + kind + " " + name));
    }

    /** Resources that run pods, each with its pod template. */
    public List<Workload> workloads() {
        return documents.stream()
                .filter(d -> POD_TEMPLATES.containsKey(kind(d)))
                .map(d -> new Workload(d, d.at(POD_TEMPLATES.get(kind(d)))))
                .toList();
    }

    public static String kind(JsonNode resource) {
        return resource.path("kind").asText();
    }

    public static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }

    /** {@code Kind/name}, how violations name a resource. */
    public static String id(JsonNode resource) {
        return kind(resource) + "/" + name(resource);
    }

    /** A label selector's {@code matchLabels} selects these labels (selectors with expressions select nothing here). */
    public static boolean selects(JsonNode selector, JsonNode labels) {
        JsonNode matchLabels = selector.has("matchLabels") ? selector.path("matchLabels") : selector;
        if (!matchLabels.isObject() || matchLabels.isEmpty() || selector.has("matchExpressions")) {
            return false;
        }
        return fields(matchLabels)
                .allMatch(e ->
                        e.getValue().asText().equals(labels.path(e.getKey()).asText(null)));
    }

    static Stream<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return StreamSupport.stream(((Iterable<Map.Entry<String, JsonNode>>) node::fields).spliterator(), false);
    }

    static Stream<JsonNode> elements(JsonNode node) {
        return StreamSupport.stream(node.spliterator(), false);
    }

    /** A resource that runs pods, and its pod template ({@code metadata} and {@code spec}). */
    public record Workload(ObjectNode resource, JsonNode template) {

        public JsonNode podSpec() {
            return template.path("spec");
        }

        public JsonNode podLabels() {
            return template.path("metadata").path("labels");
        }

        /** Containers and init containers. */
        public List<JsonNode> containers() {
            List<JsonNode> all = new ArrayList<>();
            podSpec().path("initContainers").forEach(all::add);
            podSpec().path("containers").forEach(all::add);
            return all;
        }

        public String id() {
            return Manifests.id(resource);
        }
    }

    /**
     * The environment a container gets from literal values: the data of the ConfigMaps it takes whole
     * ({@code envFrom}), then its own {@code env} values, which win. Values from Secrets are not known here.
     */
    public Map<String, String> literalEnvironment(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.path("envFrom").forEach(source -> {
            String configMap = source.path("configMapRef").path("name").asText(null);
            if (configMap != null) {
                find("ConfigMap", configMap)
                        .ifPresent(cm -> fields(cm.path("data"))
                                .forEach(e -> env.put(e.getKey(), e.getValue().asText())));
            }
        });
        container.path("env").forEach(var -> {
            if (var.has("value")) {
                env.put(var.path("name").asText(), var.path("value").asText());
            } else {
                env.remove(var.path("name").asText());
            }
        });
        return env;
    }
}
