package io.pulse.system.k8s;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pulse.system.k8s.Manifests.Workload;

import static io.pulse.system.k8s.Manifests.elements;
import static io.pulse.system.k8s.Manifests.id;
import static io.pulse.system.k8s.Manifests.name;
import static io.pulse.system.k8s.Manifests.selects;

/**
 * The rules a rendering of deploy/k8s must satisfy, each a method that returns its violations (empty: satisfied), so
 * that {@code ManifestRulesTest} can show every rule failing on a broken manifest. Facts about the services (ports,
 * health paths, API paths, whether they migrate) come from {@link ServiceFacts}, i.e. from the build.
 */
public final class ManifestRules {

    /** Environment variables and ConfigMap keys whose names say they hold a secret. */
    static final Pattern SECRET_NAME = Pattern.compile(
            "(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|KEY|APIKEY|CREDENTIALS?)(_|$)", Pattern.CASE_INSENSITIVE);
    /** ...unless they only name or point at one (a key id). */
    static final Pattern NOT_A_SECRET = Pattern.compile("_(ID|NAME|FILE|PATH)$", Pattern.CASE_INSENSITIVE);

    /** A channel's topic setting ({@code mp.messaging.incoming.<channel>.topic} or {@code .topics}). */
    static final Pattern INCOMING_TOPICS = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topics?");

    /** Label on what must exist before the migration Job runs: applied first (README, Upgrades). */
    static final String APPLY_FIRST = "performancepulse.io/apply-first";

    /** Paths evidence-service serves outside its OpenAPI document: the MCP endpoint, OAuth metadata, the web app. */
    static final List<String> EVIDENCE_NON_API_PATHS =
            List.of("/.well-known/oauth-protected-resource", "/app-config.json", "/", "/insights", "/evidence/1");

    private final Manifests manifests;
    private final Map<String, ServiceFacts> services;

    public ManifestRules(Manifests manifests, List<ServiceFacts> services) {
        this.manifests = manifests;
        this.services = services.stream()
                .collect(Collectors.toMap(ServiceFacts::module, s -> s, (a, b) -> a, LinkedHashMap::new));
    }

    /** Every rule's violations. */
    public List<String> all() {
        List<String> violations = new ArrayList<>();
        violations.addAll(everyDeploymentIsAService());
        violations.addAll(probes());
        violations.addAll(resources());
        violations.addAll(nonRoot());
        violations.addAll(writableTmpOnly());
        violations.addAll(noInlineSecrets());
        violations.addAll(companions());
        violations.addAll(ports());
        violations.addAll(routes());
        violations.addAll(migration());
        return violations;
    }

    /** Each Deployment is one of the services (its name is the module's), so the other rules know its facts. */
    public List<String> everyDeploymentIsAService() {
        List<String> violations = new ArrayList<>();
        for (JsonNode deployment : manifests.ofKind("Deployment")) {
            if (!services.containsKey(name(deployment))) {
                violations.add(id(deployment) + ": not one of the services " + services.keySet());
            }
        }
        for (String module : services.keySet()) {
            if (manifests.find("Deployment", module).isEmpty()) {
                violations.add("no Deployment for " + module);
            }
        }
        return violations;
    }

    /** Liveness, readiness and startup probes on every Deployment, on the management port's health endpoints. */
    public List<String> probes() {
        List<String> violations = new ArrayList<>();
        for (Workload w : deployments()) {
            ServiceFacts service = services.get(name(w.resource()));
            for (JsonNode container : w.podSpec().path("containers")) {
                Map<String, String> env = manifests.literalEnvironment(container);
                for (Map.Entry<String, String> probe : service.healthPaths(env).entrySet()) {
                    String where =
                            w.id() + " container " + container.path("name").asText() + " " + probe.getKey();
                    JsonNode get = container.path(probe.getKey()).path("httpGet");
                    if (get.isMissingNode()) {
                        violations.add(where + ": missing (an httpGet probe is required)");
                        continue;
                    }
                    if (!probe.getValue().equals(get.path("path").asText())) {
                        violations.add(
                                where + ": path " + get.path("path").asText() + ", expected " + probe.getValue());
                    }
                    Optional<Integer> port = containerPort(container, get.path("port"));
                    if (port.isEmpty() || port.get() != service.managementPort(env)) {
                        violations.add(where + ": port " + get.path("port").asText() + " is not the management port "
                                + service.managementPort(env));
                    }
                }
            }
        }
        return violations;
    }

    /** CPU and memory requests and limits on every container of every workload. */
    public List<String> resources() {
        List<String> violations = new ArrayList<>();
        for (Workload w : manifests.workloads()) {
            for (JsonNode container : w.containers()) {
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (container
                                .path("resources")
                                .path(bound)
                                .path(resource)
                                .asText("")
                                .isBlank()) {
                            violations.add(w.id() + " container "
                                    + container.path("name").asText() + ": no " + resource + " in resources." + bound);
                        }
                    }
                }
            }
        }
        return violations;
    }

    /**
     * No pod or container may run as root or change its root filesystem: runAsNonRoot true and a non-zero runAsUser
     * (the container's setting, else the pod's), a read-only root filesystem, no privilege escalation, every
     * capability dropped, the runtime's default seccomp profile, and no service account token.
     */
    public List<String> nonRoot() {
        List<String> violations = new ArrayList<>();
        for (Workload w : manifests.workloads()) {
            JsonNode pod = w.podSpec().path("securityContext");
            if (w.podSpec().path("automountServiceAccountToken").asBoolean(true)) {
                violations.add(w.id() + ": automountServiceAccountToken is not false");
            }
            for (JsonNode container : w.containers()) {
                String where = w.id() + " container " + container.path("name").asText();
                JsonNode own = container.path("securityContext");
                if (!effective(own, pod, "runAsNonRoot").asBoolean(false)) {
                    violations.add(where + ": runAsNonRoot is not true");
                }
                JsonNode user = effective(own, pod, "runAsUser");
                if (!user.canConvertToLong() || user.asLong() == 0) {
                    violations.add(where + ": runAsUser is " + (user.isMissingNode() ? "unset" : user.asText())
                            + " (a non-zero user is required)");
                }
                if (!own.path("readOnlyRootFilesystem").asBoolean(false)) {
                    violations.add(where + ": readOnlyRootFilesystem is not true");
                }
                if (own.path("allowPrivilegeEscalation").asBoolean(true)) {
                    violations.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (elements(own.path("capabilities").path("drop"))
                        .noneMatch(c -> c.asText().equals("ALL"))) {
                    violations.add(where + ": capabilities do not drop ALL");
                }
                if (!effective(own, pod, "seccompProfile").path("type").asText().equals("RuntimeDefault")) {
                    violations.add(where + ": seccompProfile is not RuntimeDefault");
                }
            }
        }
        return violations;
    }

    /** With a read-only root, temporary files (uploads, unpacked native libraries) need /tmp on an emptyDir. */
    public List<String> writableTmpOnly() {
        List<String> violations = new ArrayList<>();
        for (Workload w : manifests.workloads()) {
            for (JsonNode container : w.podSpec().path("containers")) {
                Optional<JsonNode> tmp = elements(container.path("volumeMounts"))
                        .filter(m -> m.path("mountPath").asText().equals("/tmp"))
                        .findFirst();
                boolean emptyDir = tmp.isPresent()
                        && elements(w.podSpec().path("volumes"))
                                .anyMatch(v -> v.path("name")
                                                .asText()
                                                .equals(tmp.get().path("name").asText())
                                        && v.has("emptyDir"));
                if (!emptyDir) {
                    violations.add(w.id() + " container "
                            + container.path("name").asText() + ": /tmp is not an emptyDir volume");
                }
            }
        }
        return violations;
    }

    /**
     * No secret in the manifests: no Secret resource, and every variable or ConfigMap key whose name says it holds a
     * secret comes from a Secret ({@code secretKeyRef}), never a literal value.
     */
    public List<String> noInlineSecrets() {
        List<String> violations = new ArrayList<>();
        for (JsonNode secret : manifests.ofKind("Secret")) {
            violations.add(id(secret) + ": a Secret in the manifests (create it out of band; see secret.example.yaml)");
        }
        for (JsonNode configMap : manifests.ofKind("ConfigMap")) {
            Manifests.fields(configMap.path("data"))
                    .map(Map.Entry::getKey)
                    .filter(ManifestRules::looksSecret)
                    .forEach(key -> violations.add(id(configMap) + ": " + key + " looks like a secret"));
        }
        for (Workload w : manifests.workloads()) {
            for (JsonNode container : w.containers()) {
                for (JsonNode var : container.path("env")) {
                    String name = var.path("name").asText();
                    if (looksSecret(name) && !var.path("valueFrom").has("secretKeyRef")) {
                        violations.add(
                                w.id() + " container " + container.path("name").asText() + ": " + name
                                        + " is not taken from a Secret (secretKeyRef)");
                    }
                }
            }
        }
        return violations;
    }

    static boolean looksSecret(String name) {
        return SECRET_NAME.matcher(name).find() && !NOT_A_SECRET.matcher(name).find();
    }

    /** Each Deployment has a HorizontalPodAutoscaler, a PodDisruptionBudget and a NetworkPolicy (both directions). */
    public List<String> companions() {
        List<String> violations = new ArrayList<>();
        for (Workload w : deployments()) {
            String deployment = name(w.resource());
            boolean hpa = manifests.ofKind("HorizontalPodAutoscaler").stream()
                    .anyMatch(h -> h.path("apiVersion").asText().equals("autoscaling/v2")
                            && h.path("spec")
                                    .path("scaleTargetRef")
                                    .path("kind")
                                    .asText()
                                    .equals("Deployment")
                            && h.path("spec")
                                    .path("scaleTargetRef")
                                    .path("name")
                                    .asText()
                                    .equals(deployment));
            if (!hpa) {
                violations.add(w.id() + ": no HorizontalPodAutoscaler (autoscaling/v2) targets it");
            }
            boolean pdb = manifests.ofKind("PodDisruptionBudget").stream()
                    .anyMatch(p -> p.path("apiVersion").asText().equals("policy/v1")
                            && selects(p.path("spec").path("selector"), w.podLabels()));
            if (!pdb) {
                violations.add(w.id() + ": no PodDisruptionBudget (policy/v1) selects its pods");
            }
            boolean policy = manifests.ofKind("NetworkPolicy").stream()
                    .anyMatch(n -> selects(n.path("spec").path("podSelector"), w.podLabels())
                            && elements(n.path("spec").path("policyTypes"))
                                    .anyMatch(t -> t.asText().equals("Ingress"))
                            && elements(n.path("spec").path("policyTypes"))
                                    .anyMatch(t -> t.asText().equals("Egress")));
            if (!policy) {
                violations.add(w.id() + ": no NetworkPolicy (Ingress and Egress) selects its pods");
            }
        }
        return violations;
    }

    /** The container ports named http and management are the ports the service is configured to listen on. */
    public List<String> ports() {
        List<String> violations = new ArrayList<>();
        for (Workload w : deployments()) {
            ServiceFacts service = services.get(name(w.resource()));
            for (JsonNode container : w.podSpec().path("containers")) {
                Map<String, String> env = manifests.literalEnvironment(container);
                Map<String, Integer> expected =
                        Map.of("http", service.apiPort(env), "management", service.managementPort(env));
                for (Map.Entry<String, Integer> port : expected.entrySet()) {
                    Optional<Integer> declared = namedPort(container, port.getKey());
                    if (declared.isEmpty() || !declared.get().equals(port.getValue())) {
                        violations.add(
                                w.id() + " container " + container.path("name").asText() + ": port "
                                        + port.getKey() + " is "
                                        + declared.map(String::valueOf).orElse("missing")
                                        + ", the service listens on " + port.getValue());
                    }
                }
            }
        }
        return violations;
    }

    /**
     * One Ingress, one host, serving every path of every service: each path of a service's OpenAPI document (and
     * evidence-service's MCP endpoint, OAuth metadata and web app) is routed, by Kubernetes' longest-prefix rule, to a
     * Service that selects that service's pods, on a port that reaches its API port; no route reaches a management
     * port.
     */
    public List<String> routes() {
        List<String> violations = new ArrayList<>();
        List<ObjectNode> ingresses = manifests.ofKind("Ingress");
        if (ingresses.size() != 1 || ingresses.get(0).path("spec").path("rules").size() != 1) {
            violations.add("expected one Ingress with one host rule, found " + ingresses.size() + " Ingress(es)");
            if (ingresses.isEmpty()) {
                return violations;
            }
        }
        List<JsonNode> paths = new ArrayList<>();
        ingresses.forEach(i -> i.path("spec")
                .path("rules")
                .forEach(r -> r.path("http").path("paths").forEach(paths::add)));
        for (JsonNode path : paths) {
            resolveBackend(path.path("backend")).ifPresent(target -> {
                if (target.port() == target.managementPort()) {
                    violations.add("Ingress path " + path.path("path").asText() + " reaches the management port of "
                            + target.module());
                }
            });
        }
        for (ServiceFacts service : services.values()) {
            List<String> served = new ArrayList<>(service.apiPaths());
            if (service.module().equals(migrationOwner())) {
                served.add(service.require("quarkus.mcp.server.http.root-path", Map.of()));
                served.addAll(EVIDENCE_NON_API_PATHS);
            }
            for (String template : served) {
                String request = template.replaceAll("\\{([^}]+)}", "$1");
                Optional<JsonNode> route = paths.stream()
                        .filter(p -> matches(p, request))
                        .max(Comparator.comparingInt(
                                p -> p.path("path").asText().length()));
                if (route.isEmpty()) {
                    violations.add(template + " (" + service.module() + "): no Ingress path routes it");
                    continue;
                }
                Optional<Target> target = resolveBackend(route.get().path("backend"));
                if (target.isEmpty() || !target.get().module().equals(service.module())) {
                    violations.add(template + " (" + service.module() + "): routed by "
                            + route.get().path("path").asText() + " to "
                            + target.map(Target::module).orElse("nothing that resolves"));
                } else if (target.get().port() != target.get().apiPort()) {
                    violations.add(template + " (" + service.module() + "): routed to port "
                            + target.get().port() + ", not the API port "
                            + target.get().apiPort());
                }
            }
        }
        return violations;
    }

    /**
     * The schema migrates once per release, in a Job: one Job runs the migrating service's image with
     * migrate-at-start and Quarkus' init-and-exit mode, is named after the image's tag (a Job's pod template cannot
     * change, so each release needs its own), and finds what it uses already applied (label {@value #APPLY_FIRST});
     * no Deployment migrates at start.
     */
    public List<String> migration() {
        List<String> violations = new ArrayList<>();
        String owner = migrationOwner();
        List<Workload> jobs = manifests.workloads().stream()
                .filter(w -> Manifests.kind(w.resource()).equals("Job"))
                .toList();
        int migrating = 0;
        for (Workload job : jobs) {
            for (JsonNode container : job.podSpec().path("containers")) {
                String image = container.path("image").asText();
                if (!module(image).equals(owner)) {
                    continue;
                }
                migrating++;
                Map<String, String> env = manifests.literalEnvironment(container);
                ServiceFacts service = services.get(owner);
                if (!service.migratesAtStart(env)) {
                    violations.add(job.id() + ": does not set migrate-at-start");
                }
                if (!Boolean.parseBoolean(
                        service.value("quarkus.init-and-exit", env).orElse("false"))) {
                    violations.add(job.id() + ": does not run in init-and-exit mode (QUARKUS_INIT_AND_EXIT=true)");
                }
                String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
                if (tag.isEmpty() || !name(job.resource()).endsWith("-" + tag)) {
                    violations.add(job.id() + ": its name does not end with the release, the image tag '" + tag + "'");
                }
                violations.addAll(appliedFirst(job, container));
            }
        }
        if (migrating != 1) {
            violations.add("expected one migration Job running " + owner + ", found " + migrating);
        }
        for (Workload w : deployments()) {
            ServiceFacts service = services.get(name(w.resource()));
            for (JsonNode container : w.podSpec().path("containers")) {
                if (service.migratesAtStart(manifests.literalEnvironment(container))) {
                    violations.add(w.id() + ": migrates at start (set PULSE_MIGRATE_AT_START=false)");
                }
            }
        }
        return violations;
    }

    /**
     * Strimzi topics for every topic the services use, each with enough partitions for the consumers its group can
     * have: a partition is read by one consumer of a group, so a service whose HPA may run {@code maxReplicas}
     * replicas of {@code concurrency} consumers each needs that many partitions, or the extra consumers idle. Groups
     * unique to an instance (the SSE stream, erasure notices: {@code ${quarkus.uuid}} in the group id) read every
     * partition and set no bound.
     */
    public List<String> kafkaTopics(Manifests topics, List<String> required) {
        List<String> violations = new ArrayList<>();
        Map<String, Integer> partitions = new HashMap<>();
        for (JsonNode topic : topics.ofKind("KafkaTopic")) {
            String topicName = topic.path("spec").path("topicName").asText(name(topic));
            partitions.put(topicName, topic.path("spec").path("partitions").asInt(0));
        }
        for (String topic : required) {
            if (partitions.getOrDefault(topic, 0) < 1) {
                violations.add("topic " + topic + ": no KafkaTopic with partitions");
            }
        }
        for (ServiceFacts service : services.values()) {
            for (String key : service.config().stringPropertyNames()) {
                Matcher channel = INCOMING_TOPICS.matcher(key);
                if (!channel.matches()) {
                    continue;
                }
                String prefix = "mp.messaging.incoming." + channel.group(1) + ".";
                if (service.config().getProperty(prefix + "group.id", "").contains("${quarkus.uuid}")) {
                    continue;
                }
                int concurrency = Integer.parseInt(
                        service.value(prefix + "concurrency", Map.of()).orElse("1"));
                int replicas = manifests.ofKind("HorizontalPodAutoscaler").stream()
                        .filter(h -> h.path("spec")
                                .path("scaleTargetRef")
                                .path("name")
                                .asText()
                                .equals(service.module()))
                        .mapToInt(h -> h.path("spec").path("maxReplicas").asInt(1))
                        .max()
                        .orElse(1);
                for (String topic : service.require(key, Map.of()).split(",")) {
                    int needed = replicas * concurrency;
                    if (partitions.getOrDefault(topic.strip(), 0) < needed) {
                        violations.add("topic " + topic.strip() + ": " + partitions.getOrDefault(topic.strip(), 0)
                                + " partitions, but " + service.module() + " may run " + replicas + " x " + concurrency
                                + " consumers of channel " + channel.group(1));
                    }
                }
            }
        }
        return violations;
    }

    private List<String> appliedFirst(Workload job, JsonNode container) {
        Set<JsonNode> needed = new LinkedHashSet<>();
        needed.add(job.resource());
        manifests.ofKind("Namespace").forEach(needed::add);
        container
                .path("envFrom")
                .forEach(source -> manifests
                        .find(
                                "ConfigMap",
                                source.path("configMapRef").path("name").asText())
                        .ifPresent(needed::add));
        String account = job.podSpec().path("serviceAccountName").asText("");
        manifests.find("ServiceAccount", account).ifPresent(needed::add);
        List<String> violations = new ArrayList<>();
        for (JsonNode resource : needed) {
            if (!"true"
                    .equals(resource.path("metadata")
                            .path("labels")
                            .path(APPLY_FIRST)
                            .asText())) {
                violations.add(
                        id(resource) + ": the migration Job needs it, but it lacks the label " + APPLY_FIRST + "=true");
            }
        }
        return violations;
    }

    /** The service that migrates at start by default: the one whose image the migration Job must run. */
    String migrationOwner() {
        return services.values().stream()
                .filter(s -> s.migratesAtStart(Map.of()))
                .map(ServiceFacts::module)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no service migrates by default"));
    }

    /** {@code registry/performancepulse/evidence-service-native:1.0} - {@code evidence-service}. */
    static String module(String image) {
        String repository = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
        String last = repository.substring(repository.lastIndexOf('/') + 1);
        return last.endsWith("-native") ? last.substring(0, last.length() - "-native".length()) : last;
    }

    /** Kubernetes' path matching: Exact is equality, Prefix (and ImplementationSpecific here) is by path element. */
    static boolean matches(JsonNode ingressPath, String request) {
        String path = ingressPath.path("path").asText("/");
        if ("Exact".equals(ingressPath.path("pathType").asText())) {
            return request.equals(path);
        }
        String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return prefix.isEmpty() || request.equals(prefix) || request.startsWith(prefix + "/");
    }

    /** Where a backend's traffic lands: the service whose pods the Service selects, and the container port. */
    record Target(String module, int port, int apiPort, int managementPort) {}

    private Optional<Target> resolveBackend(JsonNode backend) {
        Optional<ObjectNode> service =
                manifests.find("Service", backend.path("service").path("name").asText());
        if (service.isEmpty()) {
            return Optional.empty();
        }
        JsonNode wanted = backend.path("service").path("port");
        Optional<JsonNode> servicePort = elements(service.get().path("spec").path("ports"))
                .filter(p -> wanted.has("name")
                        ? p.path("name").asText().equals(wanted.path("name").asText())
                        : p.path("port").asInt() == wanted.path("number").asInt())
                .findFirst();
        if (servicePort.isEmpty()) {
            return Optional.empty();
        }
        JsonNode targetPort = servicePort.get().has("targetPort")
                ? servicePort.get().path("targetPort")
                : servicePort.get().path("port");
        for (Workload w : deployments()) {
            if (!selects(service.get().path("spec").path("selector"), w.podLabels())
                    || !services.containsKey(name(w.resource()))) {
                continue;
            }
            ServiceFacts facts = services.get(name(w.resource()));
            for (JsonNode container : w.podSpec().path("containers")) {
                Optional<Integer> port = containerPort(container, targetPort);
                if (port.isPresent()) {
                    Map<String, String> env = manifests.literalEnvironment(container);
                    return Optional.of(
                            new Target(facts.module(), port.get(), facts.apiPort(env), facts.managementPort(env)));
                }
            }
        }
        return Optional.empty();
    }

    /** A probe's or Service's port (a number, or the name of a container port) as a number. */
    private static Optional<Integer> containerPort(JsonNode container, JsonNode port) {
        if (port.isInt() || port.asText().matches("\\d+")) {
            return Optional.of(port.asInt(Integer.parseInt(port.asText())));
        }
        return namedPort(container, port.asText());
    }

    private static Optional<Integer> namedPort(JsonNode container, String name) {
        return elements(container.path("ports"))
                .filter(p -> p.path("name").asText().equals(name))
                .map(p -> p.path("containerPort").asInt())
                .findFirst();
    }

    private static JsonNode effective(JsonNode container, JsonNode pod, String field) {
        return container.has(field) ? container.path(field) : pod.path(field);
    }

    private List<Workload> deployments() {
        return manifests.workloads().stream()
                .filter(w -> Manifests.kind(w.resource()).equals("Deployment"))
                .filter(w -> services.containsKey(name(w.resource())))
                .toList();
    }
}
