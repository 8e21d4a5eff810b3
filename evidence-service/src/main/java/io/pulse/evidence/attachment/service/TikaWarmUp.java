package io.pulse.evidence.attachment.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.apache.tika.config.TikaConfig;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Loads the Tika configuration on a worker thread once the service has started, so the start-up does not wait for
 * Tika's classpath scan and the first upload usually finds it ready (an upload that comes earlier loads it itself;
 * the singleton is created once either way).
 */
@ApplicationScoped
public class TikaWarmUp {

    private static final Logger LOG = Logger.getLogger(TikaWarmUp.class);

    void warm(@Observes StartupEvent event, Instance<TikaConfig> tika) {
        Uni.createFrom()
                .item(() -> tika.get().getMediaTypeRegistry())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .subscribe()
                .with(loaded -> LOG.debug("Tika configuration loaded"), e -> LOG.warn("Could not load Tika", e));
    }
}
