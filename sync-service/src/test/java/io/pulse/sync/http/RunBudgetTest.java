package io.pulse.sync.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The heartbeat proves progress, not liveness (issue 10, defect 1). */
class RunBudgetTest {

    /** A clock the test moves. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void withoutProgressTheHeartbeatStaysWhereTheRunLastMoved() {
        ManualClock clock = new ManualClock();
        RunBudget budget = RunBudget.of(clock, Duration.ofHours(2));
        clock.advance(Duration.ofSeconds(5));
        budget.progressed();
        Instant moved = clock.instant();
        clock.advance(Duration.ofMinutes(7));
        assertThat(budget.lastProgress()).isEqualTo(moved);
        assertThat(budget.silentFor()).isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void anAnnouncedWaitCountsAsMovingUntilItEnds() {
        ManualClock clock = new ManualClock();
        RunBudget budget = RunBudget.of(clock, Duration.ofHours(2));
        budget.waiting(Duration.ofMinutes(3));
        clock.advance(Duration.ofMinutes(2));
        assertThat(budget.silentFor()).isEqualTo(Duration.ZERO);
        clock.advance(Duration.ofMinutes(4));
        assertThat(budget.silentFor()).isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void theBudgetRunsOutAndSaysSo() {
        ManualClock clock = new ManualClock();
        RunBudget budget = RunBudget.of(clock, Duration.ofMinutes(90));
        clock.advance(Duration.ofMinutes(89));
        assertThat(budget.expired()).isFalse();
        assertThat(budget.remaining()).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(2));
        assertThat(budget.expired()).isTrue();
        assertThat(budget.remaining()).isEqualTo(Duration.ZERO);
        assertThat(budget.exceededMessage()).startsWith("the sync used up its time budget of 90 min");
    }
}
