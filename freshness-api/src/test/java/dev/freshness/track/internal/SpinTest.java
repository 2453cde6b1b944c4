package dev.freshness.track.internal;

import dev.freshness.track.internal.Tracking.Spin;
import org.junit.jupiter.api.Test;

import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spin of a thread waiting for a store call is bounded by its maximum and by the wait's deadline, and is
 * left out while the waits of late took longer than that maximum.
 */
class SpinTest {

    private static final long FAR = TimeUnit.SECONDS.toNanos(60);

    @Test
    void aCallThatDoesNotEndIsSpunForAtMostTheMaximum() {
        Spin spin = new Spin();
        CountingTask never = new CountingTask();

        long started = System.nanoTime();
        spin.untilDone(never, started + FAR);
        long took = System.nanoTime() - started;

        assertThat(took).isGreaterThanOrEqualTo(Spin.MAX_NANOS).isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(never.checks()).isGreaterThan(1);
    }

    @Test
    void aDeadlineAlreadyPassedLeavesNoSpin() {
        Spin spin = new Spin();
        CountingTask never = new CountingTask();

        spin.untilDone(never, System.nanoTime() - 1);

        assertThat(never.checks()).as("looked at once or twice, not spun for").isLessThanOrEqualTo(3);
    }

    @Test
    void afterLongWaitsTheThreadDoesNotSpin() {
        Spin spin = new Spin();
        spin.waited(TimeUnit.MILLISECONDS.toNanos(10));
        CountingTask never = new CountingTask();

        long started = System.nanoTime();
        spin.untilDone(never, started + FAR);

        assertThat(never.checks()).isEqualTo(1);
    }

    @Test
    void shortWaitsBringTheSpinBack() {
        Spin spin = new Spin();
        spin.waited(TimeUnit.MILLISECONDS.toNanos(10));
        for (int wait = 0; wait < 40; wait++) {
            spin.waited(TimeUnit.MICROSECONDS.toNanos(20));
        }
        CountingTask never = new CountingTask();

        spin.untilDone(never, System.nanoTime() + FAR);

        assertThat(never.checks()).as("spun again").isGreaterThan(1);
    }

    @Test
    void aCallThatEndsWhileSpunForEndsTheSpin() {
        Spin spin = new Spin();
        CountingTask endsSoon = new CountingTask(5);

        spin.untilDone(endsSoon, System.nanoTime() + FAR);

        assertThat(endsSoon.checks()).isEqualTo(6);
    }

    @Test
    void aCallAlreadyDoneIsNotSpunFor() {
        Spin spin = new Spin();
        CountingTask done = new CountingTask(0);

        spin.untilDone(done, System.nanoTime() + FAR);

        assertThat(done.checks()).isEqualTo(1);
    }

    /** A task that reports itself done after a number of checks (never, by default), counting them. */
    private static final class CountingTask extends FutureTask<Void> {
        private final int doneAfter;
        private final AtomicInteger checks = new AtomicInteger();

        CountingTask() {
            this(Integer.MAX_VALUE);
        }

        CountingTask(int doneAfter) {
            super(() -> null);
            this.doneAfter = doneAfter;
        }

        @Override
        public boolean isDone() {
            return checks.incrementAndGet() > doneAfter;
        }

        int checks() {
            return checks.get();
        }
    }
}
