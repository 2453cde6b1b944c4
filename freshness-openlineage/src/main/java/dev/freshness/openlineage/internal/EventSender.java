package dev.freshness.openlineage.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends events on one daemon thread of its own, from a bounded queue: a job's thread only offers an event and
 * never waits. An event that finds the queue full is dropped, and one that the transport fails to send is lost;
 * both are counted, and said at WARN at most once per {@link #LOG_INTERVAL} with the counts since the last message.
 *
 * @param <E> the events
 */
public final class EventSender<E> implements AutoCloseable {

    /** How often a drop or a failed send is logged at most. */
    public static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger("dev.freshness.openlineage");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final BlockingQueue<E> queue;
    private final Consumer<E> transport;
    private final Clock clock;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong droppedUnlogged = new AtomicLong();
    private final AtomicLong failedUnlogged = new AtomicLong();
    private Instant lastLogged;
    private volatile boolean closed;

    /** Sends through {@code transport}, holding at most {@code capacity} events waiting. */
    public EventSender(Consumer<E> transport, int capacity, Clock clock) {
        this.transport = transport;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.clock = clock;
        this.thread = new Thread(this::sendUntilClosed, "freshness-openlineage-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code event} without waiting; false when it was dropped (queue full, or closed). */
    public boolean offer(E event) {
        if (!closed && queue.offer(event)) {
            return true;
        }
        dropped.incrementAndGet();
        droppedUnlogged.incrementAndGet();
        maybeLog(null);
        return false;
    }

    /** Events dropped because the queue was full or the sender closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Events the transport failed to send. */
    public long failed() {
        return failed.get();
    }

    /** Events sent. */
    public long sent() {
        return sent.get();
    }

    /** Events waiting. */
    public int waiting() {
        return queue.size();
    }

    /** Sends what is waiting for at most {@code timeout}, then stops the thread; what is left is dropped. */
    public void close(Duration timeout) {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        thread.interrupt();
        int left = queue.size();
        queue.clear();
        dropped.addAndGet(left);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private void sendUntilClosed() {
        while (!closed || !queue.isEmpty()) {
            E event;
            try {
                event = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (event == null) {
                continue;
            }
            try {
                transport.accept(event);
                sent.incrementAndGet();
            } catch (Throwable sendFailure) {
                failed.incrementAndGet();
                failedUnlogged.incrementAndGet();
                maybeLog(sendFailure);
            }
        }
    }

    private void maybeLog(Throwable sendFailure) {
        try {
            Instant now = clock.instant();
            synchronized (this) {
                if (lastLogged != null && now.isBefore(lastLogged.plus(LOG_INTERVAL))) {
                    return;
                }
                lastLogged = now;
            }
            long drops = droppedUnlogged.getAndSet(0);
            long failures = failedUnlogged.getAndSet(0);
            LOG.warn("OpenLineage events not sent since the last message: {} dropped (queue full or closed), {} failed"
                    + " to send{}; jobs are not affected", drops, failures,
                    sendFailure == null ? "" : " (last: " + sendFailure + ")");
        } catch (Throwable logging) {
            // Logging must never reach the job's thread.
        }
    }
}
