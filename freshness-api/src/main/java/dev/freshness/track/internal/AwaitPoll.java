package dev.freshness.track.internal;

import java.util.concurrent.TimeUnit;

/**
 * How long a job's thread polls a store call of its run before it parks, from how long the store's recent calls
 * took. A store whose calls are typically over within {@link #LIMIT_NANOS} (H2 in memory, a fast local database)
 * is polled for half again its typical call, and at least {@link #MIN_POLL_NANOS}, which covers the hand-over of
 * the call to the executor as well: the thread then sees its call done without the wake-up a parked thread waits
 * for, which on a loaded virtual machine lasts as long as such a call. A store whose calls take longer is not
 * polled at all: the wake-up is then a small part of the wait, and polling would only take a processor the store's
 * own thread may need. Nothing is polled on one processor.
 */
final class AwaitPoll {

    /** The longest typical store call that is polled for. */
    static final long LIMIT_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** The shortest poll: a call that takes no time still waits for its hand-over, a few microseconds. */
    static final long MIN_POLL_NANOS = HandOffQueue.DEFAULT_POLL_NANOS;
    /** What the first calls are taken to last, until calls were timed. */
    static final long FIRST_ESTIMATE_NANOS = HandOffQueue.DEFAULT_POLL_NANOS;
    /** Each timed call moves the estimate an eighth of the way to its own duration. */
    private static final int SMOOTHING_SHIFT = 3;

    private final boolean enabled;
    private volatile long typicalNanos = FIRST_ESTIMATE_NANOS;

    /** @param processors the processors available to the JVM; with one, nothing is ever polled */
    AwaitPoll(int processors) {
        this.enabled = processors > 1;
    }

    /** Times one store call that took {@code nanos}. */
    void callTook(long nanos) {
        long typical = typicalNanos;
        // Executor threads may time calls at once: a lost update only delays the estimate by one call.
        typicalNanos = typical + ((Math.max(nanos, 0) - typical) >> SMOOTHING_SHIFT);
    }

    /** How long to poll a call before parking: 0 when calls are slow, or on one processor. */
    long pollNanos() {
        if (!enabled) {
            return 0;
        }
        long typical = typicalNanos;
        return typical > LIMIT_NANOS ? 0 : Math.max(MIN_POLL_NANOS, typical + (typical >> 1));
    }
}
