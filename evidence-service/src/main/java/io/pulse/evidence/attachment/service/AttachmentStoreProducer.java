package io.pulse.evidence.attachment.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.pulse.evidence.config.EvidenceConfig;

/** Selects the {@link AttachmentStore} named by {@code pulse.evidence.storage.type}; an unknown name fails startup. */
@ApplicationScoped
public class AttachmentStoreProducer {

    @Produces
    @ApplicationScoped
    AttachmentStore store(EvidenceConfig config, PostgresAttachmentStore postgres) {
        String type = config.storage().type();
        if (type.equals(postgres.name())) {
            return postgres;
        }
        throw new IllegalStateException("pulse.evidence.storage.type=" + type + " names no attachment store");
    }
}
