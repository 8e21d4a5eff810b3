package io.pulse.common.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Outbox relay settings. */
@ConfigMapping(prefix = "pulse.outbox")
public interface OutboxConfig {

    /** Whether this process runs the relay (any number of instances may; one publishes at a time). */
    @WithDefault("true")
    boolean relayEnabled();

    /** How often the relay looks for unpublished events. */
    @WithDefault("200ms")
    Duration pollInterval();

    /** Most events published per transaction. */
    @WithDefault("200")
    int batchSize();

    /** How long a batch waits for broker acknowledgements before it is retried later. */
    @WithDefault("15s")
    Duration sendTimeout();

    /** Published events are deleted after this long. */
    @WithDefault("P7D")
    Duration retention();

    /**
     * Records of handled events ({@code processed_events}) are deleted after this long; longer than the topics'
     * retention, so a redelivered event is still recognised.
     */
    @WithDefault("P14D")
    Duration processedRetention();

    /** Kafka bootstrap servers the relay publishes to. */
    @WithDefault("127.0.0.1:9092")
    String bootstrapServers();
}
