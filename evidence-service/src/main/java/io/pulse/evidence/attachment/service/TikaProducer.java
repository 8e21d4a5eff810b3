package io.pulse.evidence.attachment.service;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.tika.config.TikaConfig;

/**
 * One Tika configuration (detectors, parsers, MIME registry) for the service. Loading it scans the classpath and
 * briefly takes some 25 MiB of heap, so {@link TikaWarmUp} loads it on a worker thread right after start: neither the
 * start-up (where it took about a second) nor the first upload waits for it.
 */
public class TikaProducer {

    @Produces
    @Singleton
    TikaConfig tika() {
        return TikaConfig.getDefaultConfig();
    }
}
