package io.pulse.sync.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The time budget of one sync run (or of one connection check) and the proof that it is moving. Every request of the
 * run is cut to what is left of the budget, and every received byte, answered request, committed page or announced
 * wait is recorded as progress; the job's heartbeat is the time of the last progress, not merely a sign that the
 * process is alive. Shared by the run's worker thread and the fetch pool, so it is thread-safe.
 */
public final class RunBudget {

    private final Clock clock;
    private final Duration total;
    private final Instant deadline;
    private final AtomicLong lastProgress;
    private final AtomicLong quietUntil = new AtomicLong(Long.MIN_VALUE);

    RunBudget(Clock clock, Duration total) {
        this.clock = clock;
        this.total = total;
        Instant start = clock.instant();
        this.deadline = start.plus(total);
        this.lastProgress = new AtomicLong(start.toEpochMilli());
    }

    /** A budget starting now. */
    public static RunBudget of(Duration total) {
        return new RunBudget(Clock.systemUTC(), total);
    }

    /** A budget on the given clock (tests). */
    public static RunBudget of(Clock clock, Duration total) {
        return new RunBudget(clock, total);
    }

    /** The whole budget. */
    public Duration total() {
        return total;
    }

    /** What is left of the budget, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean expired() {
        return !clock.instant().isBefore(deadline);
    }

    /** Records that the run moved: bytes arrived, a request was answered, a page was committed. */
    public void progressed() {
        lastProgress.accumulateAndGet(clock.millis(), Math::max);
    }

    /**
     * Records a deliberate, bounded wait (a backoff or a rate-limit reset the server announced): the run counts as
     * moving until the wait ends.
     */
    public void waiting(Duration wait) {
        progressed();
        quietUntil.accumulateAndGet(clock.millis() + wait.toMillis(), Math::max);
    }

    /** When the run last proved progress; during an announced wait, now. */
    public Instant lastProgress() {
        long now = clock.millis();
        long last = lastProgress.get();
        return Instant.ofEpochMilli(quietUntil.get() > now ? now : last);
    }

    /** How long the run has not proved progress. */
    public Duration silentFor() {
        return Duration.between(lastProgress(), clock.instant());
    }

    /** A message for a run stopped because the budget ran out. */
    public String exceededMessage() {
        return "the sync used up its time budget of " + Durations.human(total)
                + "; the next run resumes from the last cursor";
    }
}
