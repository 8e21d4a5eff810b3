package io.pulse.sync.http;

import java.time.Duration;

/** Durations as people read them in job messages: {@code 45 s}, {@code 5 min}, {@code 2 h}. */
public final class Durations {

    private Durations() {}

    public static String human(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 120) {
            return Math.max(seconds, d.isZero() ? 0 : 1) + " s";
        }
        long minutes = d.toMinutes();
        if (minutes < 120 || minutes % 60 != 0) {
            return minutes + " min";
        }
        return d.toHours() + " h";
    }
}
