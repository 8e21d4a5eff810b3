package io.pulse.evidence.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the evidence-service API and stream. */
@ConfigMapping(prefix = "pulse.evidence")
public interface EvidenceConfig {

    /** Request body limits beyond the shared one ({@code pulse.http.max-body-bytes}). */
    Limits limits();

    /** The Server-Sent Events stream. */
    Stream stream();

    /** Field limits of this service's bodies. */
    interface Limits {
        /** Largest accepted profile preferences object, in bytes of its JSON form. */
        @WithDefault("16384")
        int maxPreferencesBytes();
    }

    /** The Server-Sent Events stream. */
    interface Stream {
        /** Interval of the heartbeat comments that keep idle connections and proxies alive. */
        @WithDefault("15s")
        Duration heartbeat();

        /** Events kept per user for replay after a reconnect with Last-Event-ID. */
        @WithDefault("200")
        int replayEvents();

        /** Oldest event kept for replay. */
        @WithDefault("10m")
        Duration replayAge();

        /** Events buffered for one slow client before its stream is closed (it reconnects and replays). */
        @WithDefault("1000")
        int maxPendingPerClient();
    }
}
