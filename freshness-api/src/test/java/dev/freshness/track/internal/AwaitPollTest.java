package dev.freshness.track.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AwaitPollTest {

    private static final long FAST_CALL = TimeUnit.MICROSECONDS.toNanos(60);
    private static final long INSTANT_CALL = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long SLOW_CALL = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void pollsForTheFirstEstimateBeforeAnyCallWasTimed() {
        AwaitPoll poll = new AwaitPoll(2);

        assertThat(poll.pollNanos()).isEqualTo(AwaitPoll.FIRST_ESTIMATE_NANOS * 3 / 2);
    }

    @Test
    void pollsHalfAgainTheTypicalCallOfAFastStore() {
        AwaitPoll poll = new AwaitPoll(2);

        timeCalls(poll, FAST_CALL, 100);

        assertThat(poll.pollNanos()).isBetween(FAST_CALL * 3 / 2 - 1_000, FAST_CALL * 3 / 2 + 1_000);
    }

    @Test
    void pollsAtLeastForTheHandOverWhenCallsTakeNoTime() {
        AwaitPoll poll = new AwaitPoll(2);

        timeCalls(poll, INSTANT_CALL, 100);

        assertThat(poll.pollNanos()).isEqualTo(AwaitPoll.MIN_POLL_NANOS);
    }

    @Test
    void doesNotPollAStoreWhoseCallsTakeLongerThanTheLimit() {
        AwaitPoll poll = new AwaitPoll(2);

        poll.callTook(SLOW_CALL);

        assertThat(poll.pollNanos()).isZero();
    }

    @Test
    void pollsAgainOnceTheStoreIsFastAgain() {
        AwaitPoll poll = new AwaitPoll(2);
        timeCalls(poll, SLOW_CALL, 100);
        assertThat(poll.pollNanos()).isZero();

        timeCalls(poll, FAST_CALL, 100);

        assertThat(poll.pollNanos()).isPositive().isLessThanOrEqualTo(AwaitPoll.LIMIT_NANOS * 3 / 2);
    }

    @Test
    void oneSlowCallAmongFastOnesDoesNotStopThePolling() {
        AwaitPoll poll = new AwaitPoll(2);
        timeCalls(poll, FAST_CALL, 100);

        poll.callTook(TimeUnit.MICROSECONDS.toNanos(200));

        assertThat(poll.pollNanos()).isPositive();
    }

    @Test
    void neverPollsOnOneProcessor() {
        AwaitPoll poll = new AwaitPoll(1);
        timeCalls(poll, FAST_CALL, 100);

        assertThat(poll.pollNanos()).isZero();
    }

    @Test
    void takesANegativeDurationForNone() {
        AwaitPoll poll = new AwaitPoll(2);

        timeCalls(poll, -5, 200);

        assertThat(poll.pollNanos()).isEqualTo(AwaitPoll.MIN_POLL_NANOS);
    }

    private static void timeCalls(AwaitPoll poll, long nanos, int calls) {
        for (int i = 0; i < calls; i++) {
            poll.callTook(nanos);
        }
    }
}
