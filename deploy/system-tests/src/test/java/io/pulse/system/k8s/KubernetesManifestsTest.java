package io.pulse.system.k8s;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.pulse.common.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s as an operator applies it: both overlays and the Strimzi topics, rendered by kubectl's kustomize, satisfy
 * every {@link ManifestRules} rule against the facts of this build (ports, health paths, OpenAPI paths, Kafka
 * consumers). No cluster and no stack needed; {@code ManifestRulesTest} shows each rule failing on broken input.
 */
class KubernetesManifestsTest {

    static final Path ROOT =
            Path.of(System.getProperty("pulse.root", "../..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/k8s");

    private static List<ServiceFacts> services;

    @BeforeAll
    static void facts() {
        services = ServiceFacts.load(ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvm", "native"})
    void overlaySatisfiesEveryRule(String overlay) {
        Manifests manifests = Manifests.render(K8S.resolve("overlays").resolve(overlay));

        assertThat(new ManifestRules(manifests, services).all()).isEmpty();
        // The render is the whole product: the three services, their companions, the Job and the one Ingress.
        assertThat(manifests.ofKind("Deployment")).hasSize(3);
        assertThat(manifests.ofKind("Job")).hasSize(1);
    }

    @Test
    void nativeOverlayRunsNativeImagesWithRemoteEmbeddings() {
        Manifests manifests = Manifests.render(K8S.resolve("overlays/native"));

        manifests
                .workloads()
                .forEach(w -> w.containers()
                        .forEach(c -> assertThat(c.path("image").asText())
                                .as(w.id())
                                .matches("performancepulse/[a-z-]+-native:.+")));
        var insight = manifests.get("Deployment", "insight-service").at("/spec/template/spec/containers/0");
        ServiceFacts facts = services.stream()
                .filter(s -> s.module().equals("insight-service"))
                .findFirst()
                .orElseThrow();
        // The in-process ONNX model does not run natively: the native build embeds through the remote endpoint.
        assertThat(facts.value("pulse.embedding.provider", manifests.literalEnvironment(insight)))
                .contains("openai");
        assertThat(insight.toString()).doesNotContain("JAVA_OPTS");
    }

    @Test
    void jvmOverlayCapsTheHeapBelowTheLimit() {
        Manifests manifests = Manifests.render(K8S.resolve("overlays/jvm"));

        manifests
                .workloads()
                .forEach(w -> w.containers()
                        .forEach(c -> assertThat(c.toString())
                                .as(w.id())
                                .contains("-XX:MaxRAMPercentage=")
                                .matches(".*\"image\":\"performancepulse/[a-z-]+-service:[^\"]+\".*")));
    }

    @Test
    void kafkaTopicsCoverEveryTopicWithEnoughPartitions() {
        Manifests app = Manifests.render(K8S.resolve("overlays/jvm"));
        Manifests topics = Manifests.render(K8S.resolve("kafka-topics"));

        assertThat(new ManifestRules(app, services).kafkaTopics(topics, Topics.all()))
                .isEmpty();
        // Production names: no test prefix.
        assertThat(topics.ofKind("KafkaTopic"))
                .extracting(t -> t.path("spec").path("topicName").asText())
                .containsExactlyInAnyOrderElementsOf(Topics.all());
    }
}
