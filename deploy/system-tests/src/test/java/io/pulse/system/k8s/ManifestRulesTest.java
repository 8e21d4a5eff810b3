package io.pulse.system.k8s;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pulse.common.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each {@link ManifestRules} rule fails on a manifest broken the way it guards against: the JVM overlay's render,
 * which passes every rule, with one thing removed or changed (or one resource added) per test.
 */
class ManifestRulesTest {

    private static String jvmYaml;
    private static String topicsYaml;
    private static List<ServiceFacts> services;

    private Manifests manifests;

    @BeforeAll
    static void render() {
        jvmYaml = Manifests.renderYaml(KubernetesManifestsTest.K8S.resolve("overlays/jvm"));
        topicsYaml = Manifests.renderYaml(KubernetesManifestsTest.K8S.resolve("kafka-topics"));
        services = ServiceFacts.load(KubernetesManifestsTest.ROOT);
    }

    @BeforeEach
    void fresh() {
        manifests = Manifests.parse(jvmYaml);
        assertThat(rules().all()).as("the unbroken render").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"livenessProbe", "readinessProbe", "startupProbe"})
    void aMissingProbeFails(String probe) {
        container("Deployment", "sync-service").remove(probe);

        assertThat(rules().probes())
                .containsExactly("Deployment/sync-service container sync-service " + probe
                        + ": missing (an httpGet probe is required)");
    }

    @Test
    void aProbeOnTheApiPortOrAnUnknownPathFails() {
        ObjectNode readiness =
                (ObjectNode) container("Deployment", "evidence-service").at("/readinessProbe/httpGet");
        readiness.put("port", "http");
        readiness.put("path", "/q/health/readiness");

        assertThat(rules().probes())
                .anyMatch(v -> v.contains("readinessProbe: port http is not the management port 9000"))
                .anyMatch(v -> v.contains("readinessProbe: path /q/health/readiness, expected /q/health/ready"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/resources/requests/cpu",
                "/resources/requests/memory",
                "/resources/limits/cpu",
                "/resources/limits/memory"
            })
    void aMissingRequestOrLimitFails(String pointer) {
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) container("Job", "pulse-migrate-0.1.0").at(pointer.substring(0, slash)))
                .remove(pointer.substring(slash + 1));

        assertThat(rules().resources()).hasSize(1).first().asString().startsWith("Job/pulse-migrate-0.1.0");
    }

    @Test
    void aPodThatMayRunAsRootFails() {
        ((ObjectNode) pod("Deployment", "insight-service").path("securityContext")).put("runAsNonRoot", false);
        ((ObjectNode) container("Deployment", "sync-service"))
                .putObject("securityContext")
                .put("runAsUser", 0);

        assertThat(rules().nonRoot())
                .contains("Deployment/insight-service container insight-service: runAsNonRoot is not true")
                .contains("Deployment/sync-service container sync-service: runAsUser is 0 (a non-zero user is"
                        + " required)");
    }

    @Test
    void aWritableRootFilesystemOrPrivilegeEscalationFails() {
        ObjectNode security =
                (ObjectNode) container("Deployment", "evidence-service").path("securityContext");
        security.put("readOnlyRootFilesystem", false);
        security.remove("allowPrivilegeEscalation");
        security.remove("capabilities");

        assertThat(rules().nonRoot())
                .containsExactlyInAnyOrder(
                        "Deployment/evidence-service container evidence-service: readOnlyRootFilesystem is not true",
                        "Deployment/evidence-service container evidence-service: allowPrivilegeEscalation is not false",
                        "Deployment/evidence-service container evidence-service: capabilities do not drop ALL");
    }

    @Test
    void aMountedServiceAccountTokenFails() {
        ((ObjectNode) pod("Deployment", "sync-service")).remove("automountServiceAccountToken");

        assertThat(rules().nonRoot())
                .containsExactly("Deployment/sync-service: automountServiceAccountToken is not false");
    }

    @Test
    void aRootFilesystemWithoutWritableTmpFails() {
        ((ObjectNode) pod("Deployment", "evidence-service")).putArray("volumes");

        assertThat(rules().writableTmpOnly())
                .containsExactly(
                        "Deployment/evidence-service container evidence-service: /tmp is not an emptyDir volume");
    }

    @Test
    void aSecretResourceFails() {
        manifests = manifests.plus("""
                apiVersion: v1
                kind: Secret
                metadata: {name: pulse-secrets, namespace: performancepulse}
                stringData: {PULSE_DB_APP_PASSWORD: hunter2}
                """);

        assertThat(rules().noInlineSecrets())
                .containsExactly(
                        "Secret/pulse-secrets: a Secret in the manifests (create it out of band; see secret.example.yaml)");
    }

    @Test
    void aLiteralSecretInAnEnvironmentVariableOrConfigMapFails() {
        for (JsonNode var : container("Deployment", "evidence-service").path("env")) {
            if (var.path("name").asText().equals("PULSE_DB_APP_PASSWORD")) {
                ((ObjectNode) var).remove("valueFrom");
                ((ObjectNode) var).put("value", "hunter2");
            }
        }
        ObjectNode data =
                (ObjectNode) manifests.get("ConfigMap", "pulse-config").path("data");
        data.put("PULSE_LLM_API_KEY", "sk-live-0123");
        data.put("GITLAB_TOKEN", "glpat-0123");
        // Names that only point at a secret are not one.
        data.put("PULSE_SYNC_CRYPTO_ACTIVE_KEY_ID", "primary");

        assertThat(rules().noInlineSecrets())
                .containsExactlyInAnyOrder(
                        "Deployment/evidence-service container evidence-service: PULSE_DB_APP_PASSWORD is not taken"
                                + " from a Secret (secretKeyRef)",
                        "ConfigMap/pulse-config: PULSE_LLM_API_KEY looks like a secret",
                        "ConfigMap/pulse-config: GITLAB_TOKEN looks like a secret");
    }

    @Test
    void aDeploymentWithoutAutoscalerDisruptionBudgetOrNetworkPolicyFails() {
        manifests.all().remove(manifests.get("HorizontalPodAutoscaler", "sync-service"));
        ((ObjectNode) manifests.get("PodDisruptionBudget", "insight-service").at("/spec/selector/matchLabels"))
                .put("app.kubernetes.io/name", "someone-else");
        ArrayNode types =
                (ArrayNode) manifests.get("NetworkPolicy", "evidence-service").at("/spec/policyTypes");
        types.removeAll();
        types.add("Ingress");

        assertThat(rules().companions())
                .containsExactlyInAnyOrder(
                        "Deployment/sync-service: no HorizontalPodAutoscaler (autoscaling/v2) targets it",
                        "Deployment/insight-service: no PodDisruptionBudget (policy/v1) selects its pods",
                        "Deployment/evidence-service: no NetworkPolicy (Ingress and Egress) selects its pods");
    }

    @Test
    void aContainerPortThatIsNotTheConfiguredPortFails() {
        ((ObjectNode) container("Deployment", "insight-service").at("/ports/0")).put("containerPort", 8080);
        // The service now listens elsewhere than its declared port.
        addEnv(container("Deployment", "sync-service"), "PULSE_MANAGEMENT_PORT", "9100");

        assertThat(rules().ports())
                .containsExactlyInAnyOrder(
                        "Deployment/insight-service container insight-service: port http is 8080, the service listens"
                                + " on 8082",
                        "Deployment/sync-service container sync-service: port management is 9000, the service listens"
                                + " on 9100");
    }

    @Test
    void anApiPathWithoutItsRouteFails() {
        ArrayNode paths =
                (ArrayNode) manifests.get("Ingress", "performancepulse").at("/spec/rules/0/http/paths");
        JsonNode syncJobs = ingressPath("/api/v1/sync-jobs");
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i) == syncJobs) {
                paths.remove(i);
            }
        }

        assertThat(rules().routes())
                .isNotEmpty()
                .allMatch(v -> v.contains("(sync-service): routed by / to evidence-service"));
    }

    @Test
    void aNewResourcePathWithoutARouteFails() {
        // As if insight-service's build gained a resource under a prefix the Ingress does not know.
        List<ServiceFacts> grown = new ArrayList<>();
        for (ServiceFacts s : services) {
            List<String> paths = new ArrayList<>(s.apiPaths());
            if (s.module().equals("insight-service")) {
                paths.add("/api/v1/reports/{id}");
            }
            grown.add(new ServiceFacts(s.module(), s.config(), paths));
        }

        assertThat(new ManifestRules(manifests, grown).routes())
                .containsExactly("/api/v1/reports/{id} (insight-service): routed by / to evidence-service");
    }

    @Test
    void aRouteToTheManagementPortFails() {
        ((ArrayNode) manifests.get("Service", "evidence-service").at("/spec/ports"))
                .addObject()
                .put("name", "metrics")
                .put("port", 9000)
                .put("targetPort", "management");
        ((ObjectNode) ingressPath("/").at("/backend/service/port")).put("name", "metrics");

        assertThat(rules().routes())
                .contains("Ingress path / reaches the management port of evidence-service")
                .anyMatch(v -> v.contains("(evidence-service): routed to port 9000, not the API port 8081"));
    }

    @Test
    void aDeploymentThatMigratesAtStartFails() {
        removeEnv(container("Deployment", "evidence-service"), "PULSE_MIGRATE_AT_START");

        assertThat(rules().migration())
                .containsExactly("Deployment/evidence-service: migrates at start (set PULSE_MIGRATE_AT_START=false)");
    }

    @Test
    void aMigrationJobThatDoesNotExitOrIsNotNamedByReleaseFails() {
        ObjectNode job = container("Job", "pulse-migrate-0.1.0");
        removeEnv(job, "QUARKUS_INIT_AND_EXIT");
        job.put("image", "performancepulse/evidence-service:0.2.0");

        assertThat(rules().migration())
                .containsExactlyInAnyOrder(
                        "Job/pulse-migrate-0.1.0: does not run in init-and-exit mode (QUARKUS_INIT_AND_EXIT=true)",
                        "Job/pulse-migrate-0.1.0: its name does not end with the release, the image tag '0.2.0'");
    }

    @Test
    void noMigrationJobOrOneWhoseConfigIsNotAppliedFirstFails() {
        ((ObjectNode) manifests.get("ConfigMap", "pulse-config").at("/metadata/labels"))
                .remove(ManifestRules.APPLY_FIRST);

        assertThat(rules().migration())
                .containsExactly("ConfigMap/pulse-config: the migration Job needs it, but it lacks the label "
                        + ManifestRules.APPLY_FIRST + "=true");

        manifests.all().remove(manifests.get("Job", "pulse-migrate-0.1.0"));

        assertThat(rules().migration()).containsExactly("expected one migration Job running evidence-service, found 0");
    }

    @Test
    void tooFewPartitionsOrAMissingTopicFails() {
        Manifests topics = Manifests.parse(topicsYaml);
        ((ObjectNode) topics.get("KafkaTopic", "pulse.evidence-events").path("spec")).put("partitions", 6);
        topics.all().remove(topics.get("KafkaTopic", "pulse.share-events"));

        assertThat(rules().kafkaTopics(topics, Topics.all()))
                .containsExactlyInAnyOrder(
                        "topic pulse.share-events: no KafkaTopic with partitions",
                        "topic pulse.evidence-events: 6 partitions, but insight-service may run 4 x 3 consumers of"
                                + " channel evidence-events");
    }

    @Test
    void aDeploymentThatIsNoServiceFails() {
        ((ObjectNode) manifests.get("Deployment", "sync-service").path("metadata")).put("name", "sync-worker");

        assertThat(rules().everyDeploymentIsAService())
                .containsExactlyInAnyOrder(
                        "Deployment/sync-worker: not one of the services [evidence-service, insight-service,"
                                + " sync-service]",
                        "no Deployment for sync-service");
    }

    private ManifestRules rules() {
        return new ManifestRules(manifests, services);
    }

    private JsonNode ingressPath(String path) {
        for (JsonNode p : manifests.get("Ingress", "performancepulse").at("/spec/rules/0/http/paths")) {
            if (p.path("path").asText().equals(path)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no Ingress path " + path);
    }

    private JsonNode pod(String kind, String name) {
        return manifests.get(kind, name).at("/spec/template/spec");
    }

    private ObjectNode container(String kind, String name) {
        return (ObjectNode) pod(kind, name).path("containers").get(0);
    }

    private static void addEnv(ObjectNode container, String name, String value) {
        ((ArrayNode) container.path("env")).addObject().put("name", name).put("value", value);
    }

    private static void removeEnv(ObjectNode container, String name) {
        ArrayNode env = (ArrayNode) container.path("env");
        for (int i = env.size() - 1; i >= 0; i--) {
            if (env.get(i).path("name").asText().equals(name)) {
                env.remove(i);
            }
        }
    }
}
