package io.pulse.insight.embedding;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the configured embedding backend (in-process model or remote endpoint) has answered. */
@Readiness
@ApplicationScoped
public class EmbeddingModelReadiness implements HealthCheck {

    private final EmbeddingService embeddings;

    public EmbeddingModelReadiness(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("embedding-model")
                .status(embeddings.isWarm())
                .withData("provider", embeddings.provider())
                .withData("model", embeddings.modelId())
                .build();
    }
}
