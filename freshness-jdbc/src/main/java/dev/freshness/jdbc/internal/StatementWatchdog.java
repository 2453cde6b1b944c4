package dev.freshness.jdbc.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Cancels the statements that run past their deadline, checked every {@link #tick()} by one daemon thread, for a
 * driver whose own query timeout costs more than the statement's wait: pgjdbc schedules, cancels and purges a task on
 * its shared {@code java.util.Timer} for every execution that has a timeout, and scheduling a task on an empty queue
 * wakes the timer's thread. On two processors that wake-up took a processor from the server's backend while the
 * client waited for the commit: a durable event on PostgreSQL took 28% longer with the timeout than without it
 * (BENCHMARKS.md, run Z-T). Here a statement only registers its deadline.
 *
 * <p>A statement is cancelled at the earliest at its deadline and at the latest one tick after it, with
 * {@link Statement#cancel()} from the watchdog's thread. The cancel of a statement that is already over does nothing:
 * pgjdbc cancels only a statement in its query, and the statement's thread waits for a cancel under way before it
 * returns, so a late cancel never reaches the connection's next statement.
 *
 * <p>The thread starts with the first statement watched and ends once no statement was watched for
 * {@link #IDLE_BEFORE_EXIT} ticks, so that an application that stops writing (or is undeployed) keeps no thread of
 * ours; the next statement starts a new one.
 */
public final class StatementWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(StatementWatchdog.class);

    /** Ticks without a statement before the thread ends. */
    public static final int IDLE_BEFORE_EXIT = 50;

    /** The watchdog of the JDBC stores of this class loader, ticking every 100 ms. */
    public static final StatementWatchdog SHARED = new StatementWatchdog(Duration.ofMillis(100));

    private final long tickNanos;
    private final Set<Watch> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean();

    /** A watchdog of its own, checking every {@code tick}; the stores use {@link #SHARED}. */
    public StatementWatchdog(Duration tick) {
        if (tick.isZero() || tick.isNegative()) {
            throw new IllegalArgumentException("tick must be > 0, was " + tick);
        }
        this.tickNanos = tick.toNanos();
    }

    /** How late after its deadline a statement may be cancelled. */
    public Duration tick() {
        return Duration.ofNanos(tickNanos);
    }

    /**
     * Watches {@code statement} until the returned watch is closed, cancelling it if it is still running
     * {@code timeout} from now. Close the watch before the statement.
     */
    public Watch watch(Statement statement, Duration timeout) {
        Watch watch = new Watch(statement, System.nanoTime() + timeout.toNanos());
        inFlight.add(watch);
        if (!running.get() && running.compareAndSet(false, true)) {
            start();
        }
        return watch;
    }

    private void start() {
        Thread thread = new Thread(this::run, "freshness-statement-watchdog");
        thread.setDaemon(true);
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            running.set(false);
            throw e;
        }
    }

    private void run() {
        try {
            watchUntilIdle();
        } catch (RuntimeException | Error e) {
            // The next statement starts a new thread.
            running.set(false);
            throw e;
        }
    }

    private void watchUntilIdle() {
        int idleTicks = 0;
        while (true) {
            LockSupport.parkNanos(this, tickNanos);
            if (inFlight.isEmpty()) {
                if (++idleTicks < IDLE_BEFORE_EXIT) {
                    continue;
                }
                running.set(false);
                // A statement watched between the check and the flag found the flag still set: carry on for it.
                if (inFlight.isEmpty() || !running.compareAndSet(false, true)) {
                    return;
                }
            }
            idleTicks = 0;
            long now = System.nanoTime();
            for (Watch watch : inFlight) {
                if (now - watch.deadline >= 0) {
                    watch.cancel();
                }
            }
        }
    }

    /** The number of statements being watched. */
    public int watched() {
        return inFlight.size();
    }

    /** Whether the watchdog's thread runs. */
    public boolean isRunning() {
        return running.get();
    }

    /** One statement being watched; closing it ends the watch. */
    public final class Watch implements AutoCloseable {
        private final Statement statement;
        private final long deadline;
        private final AtomicBoolean cancelled = new AtomicBoolean();

        private Watch(Statement statement, long deadline) {
            this.statement = statement;
            this.deadline = deadline;
        }

        private void cancel() {
            if (!cancelled.compareAndSet(false, true)) {
                return;
            }
            try {
                statement.cancel();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("Could not cancel a statement past its timeout", e);
            }
            inFlight.remove(this);
        }

        /** Whether the watchdog cancelled the statement. */
        public boolean cancelled() {
            return cancelled.get();
        }

        @Override
        public void close() {
            inFlight.remove(this);
        }
    }
}
