package io.pulse.evidence.attachment.service;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.apache.tika.config.TikaConfig;

/**
 * One Tika configuration (detectors, parsers, MIME registry) for the service. Loading it scans the classpath and
 * briefly takes some 25 MiB of heap, so the extraction beans load it at startup ({@code @Startup}) rather than in the
 * middle of the first upload.
 */
public class TikaProducer {

    @Produces
    @Singleton
    TikaConfig tika() {
        return TikaConfig.getDefaultConfig();
    }
}
