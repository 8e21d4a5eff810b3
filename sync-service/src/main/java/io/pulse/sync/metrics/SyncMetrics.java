package io.pulse.sync.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The sync meters, named in one place (Prometheus: {@code pulse_sync_*} at {@code /q/metrics}). They replace the
 * per-job timings that used to be written into job metadata: operators and the benchmark read them here.
 */
@ApplicationScoped
public class SyncMetrics {

    /** Timer of requests to GitLab / Jira, one per attempt; tags {@code source}, {@code outcome}. */
    public static final String HTTP_REQUESTS = "pulse.sync.http.requests";
    /** Timer of waits before a request: backoff after 429/5xx/I/O errors, and pacing at a nearly spent quota. */
    public static final String HTTP_WAITS = "pulse.sync.http.waits";
    /** Timer of the worker transactions; tag {@code step} = page, complete or fail. */
    public static final String DB_WRITES = "pulse.sync.db.writes";
    /** Counter of evidence changes written by sync; tags {@code source}, {@code change} = created, updated, deleted. */
    public static final String ITEMS = "pulse.sync.items";
    /** Timer of whole runs from claim to end; tags {@code source}, {@code status} = completed or failed. */
    public static final String JOBS = "pulse.sync.jobs";
    /**
     * End-to-end latency histogram of completed jobs, from the request (the job row's creation) to completion;
     * tag {@code source} (gitlab, jira, manual).
     */
    public static final String REQUESTED_TO_COMPLETED = "pulse.sync.latency";

    private final MeterRegistry registry;

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One HTTP attempt; {@code status} 0 for an I/O error. */
    public void httpRequest(String label, int status, long nanos) {
        timer(HTTP_REQUESTS, "source", source(label), "outcome", outcome(status))
                .record(Duration.ofNanos(nanos));
    }

    /** Time spent sleeping before a request; {@code reason} is {@code backoff} or {@code pace}. */
    public void httpWait(String reason, long nanos) {
        timer(HTTP_WAITS, "reason", reason).record(Duration.ofNanos(nanos));
    }

    /** Runs one worker transaction and times it, whether it commits or fails. */
    public <T> T dbWrite(String step, Supplier<T> transaction) {
        return timer(DB_WRITES, "step", step).record(transaction);
    }

    public void items(String source, String change, int count) {
        if (count > 0) {
            Counter.builder(ITEMS)
                    .tag("source", source)
                    .tag("change", change)
                    .register(registry)
                    .increment(count);
        }
    }

    /** A job completed {@code latency} after it was requested. */
    public void requestedToCompleted(String source, Duration latency) {
        Timer.builder(REQUESTED_TO_COMPLETED)
                .description("Sync requested (job created) to completed")
                .tag("source", source(source))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(50))
                .maximumExpectedValue(Duration.ofHours(2))
                .register(registry)
                .record(latency.isNegative() ? Duration.ZERO : latency);
    }

    public void jobEnded(String source, String status, Duration duration) {
        timer(JOBS, "source", source, "status", status).record(duration);
    }

    private Timer timer(String name, String... tags) {
        return Timer.builder(name).tags(tags).register(registry);
    }

    private static String source(String label) {
        return label.toLowerCase(Locale.ROOT);
    }

    private static String outcome(int status) {
        return status == 0 ? "io-error" : (status / 100) + "xx";
    }
}
