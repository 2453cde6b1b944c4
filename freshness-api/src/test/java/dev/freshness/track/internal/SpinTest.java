package dev.freshness.track.internal;

import dev.freshness.track.internal.Tracking.Spin;
import org.junit.jupiter.api.Test;

import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spin of a thread waiting for a store call is bounded by its maximum and by the wait's deadline, and stops
 * being tried once it does not pay off, but for one wait in {@link Spin#PROBE_EVERY}.
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
    void theDeadlineEndsTheSpinBeforeTheMaximum() {
        Spin spin = new Spin();
        CountingTask never = new CountingTask();

        long started = System.nanoTime();
        spin.untilDone(never, started - 1);

        assertThat(never.checks()).as("a deadline already passed: looked at once or twice, no spin").isLessThanOrEqualTo(3);
    }

    @Test
    void afterASpinThatDidNotPayOffOnlyOneWaitInSoManySpins() {
        Spin spin = new Spin();
        spin.untilDone(new CountingTask(), System.nanoTime() + FAR);

        int spun = 0;
        for (int wait = 1; wait <= 2 * Spin.PROBE_EVERY; wait++) {
            CountingTask never = new CountingTask();
            spin.untilDone(never, System.nanoTime() + FAR);
            if (never.checks() > 1) {
                spun++;
            }
        }

        assertThat(spun).isEqualTo(2);
    }

    @Test
    void aProbeThatSeesTheCallEndBringsTheSpinBack() {
        Spin spin = new Spin();
        spin.untilDone(new CountingTask(), System.nanoTime() + FAR);
        for (int wait = 1; wait < Spin.PROBE_EVERY; wait++) {
            spin.untilDone(new CountingTask(), System.nanoTime() + FAR);
        }
        CountingTask endsWhileSpun = new CountingTask(5);
        spin.untilDone(endsWhileSpun, System.nanoTime() + FAR);
        assertThat(endsWhileSpun.isDone()).isTrue();

        CountingTask next = new CountingTask();
        spin.untilDone(next, System.nanoTime() + FAR);

        assertThat(next.checks()).as("spun again").isGreaterThan(1);
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
