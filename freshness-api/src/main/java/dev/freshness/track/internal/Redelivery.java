package dev.freshness.track.internal;

import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import dev.freshness.track.RedeliveryStatus;
import dev.freshness.track.StoreFailurePolicy;
import dev.freshness.track.internal.RedeliverySpool.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Keeps the events a tracked job could not write and writes them when the store answers again: a bounded queue,
 * oldest first, one writer at a time, with a backoff that doubles while the store keeps failing. Events merge in
 * any order and any number of times, so writing one late, or twice, is safe.
 *
 * <p>The writer runs on a scheduler: by default one daemon thread of the instance, made at the first event kept
 * and ending after a minute idle, stopped at {@link #close()}; or the application's own
 * {@link ScheduledExecutorService}, which is used, never shut down. (resilience4j's {@code Retry} and
 * db-scheduler do the same: a thread of their own unless given an executor.)
 */
final class Redelivery implements AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger("dev.freshness.track.redelivery");
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Object QUEUE_FULL = new Object();
    private static final Object SPOOL_FAILED = new Object();
    /**
     * The most queued events written in one store call ({@code applyAll}): a failed batch of a run over many
     * tenants comes back in a few calls, not one per event.
     */
    static final int EVENTS_PER_WRITE = 1_000;

    /** The redelivery's configuration, validated by the builder. */
    record Settings(int capacity, Duration initialBackoff, Duration maxBackoff, Duration closeTimeout,
                    ScheduledExecutorService scheduler, Path spoolDirectory) {
    }

    private final Settings settings;
    private final Consumer<List<RunEvent>> writer;
    private final RateLimitedLog log;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final Map<Scope, Integer> queuedByScope = new HashMap<>();
    private final ReentrantLock delivering = new ReentrantLock();
    private final RedeliverySpool spool;
    private ScheduledExecutorService ownScheduler;
    private ScheduledFuture<?> scheduled;
    private boolean deliveryPending;
    private long nextSequence;
    private long backoffNanos;
    private long dropped;
    private long delivered;
    private long failedAttempts;
    private volatile boolean closed;
    /** The queue's size, read without the lock by {@link #storeAnswered()} on every write of a tracked job. */
    private volatile int queuedCount;

    /**
     * A redelivery writing with {@code writer}; with a spool directory, what a previous instance left there is
     * queued at once and written in the background.
     *
     * @throws IllegalArgumentException when the spool directory cannot be used
     */
    Redelivery(Settings settings, Clock clock, Consumer<List<RunEvent>> writer) {
        this.settings = settings;
        this.writer = writer;
        this.log = new RateLimitedLog(clock, StoreFailurePolicy.LOG_INTERVAL);
        this.backoffNanos = settings.initialBackoff().toNanos();
        if (settings.spoolDirectory() == null) {
            this.spool = null;
            return;
        }
        this.spool = RedeliverySpool.open(settings.spoolDirectory());
        RedeliverySpool.Replay replay;
        try {
            replay = spool.replay();
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw new IllegalArgumentException("redeliverySpool " + settings.spoolDirectory()
                    + " cannot be read: " + e, e);
        }
        if (replay.corrupted() > 0 || replay.partialLast()) {
            LOG.warn("The redelivery spool {} held {} damaged line(s){}; they were skipped: the events they held, if"
                    + " any, cannot be replayed", settings.spoolDirectory(), replay.corrupted(),
                    replay.partialLast() ? " and a last line cut short (the process was killed while writing it)" : "");
        }
        if (!replay.entries().isEmpty()) {
            LOG.info("Replaying {} event(s) left in the redelivery spool {} by the previous run",
                    replay.entries().size(), settings.spoolDirectory());
            synchronized (this) {
                for (Entry entry : replay.entries()) {
                    add(entry);
                    nextSequence = Math.max(nextSequence, entry.sequence() + 1);
                }
                trimToCapacity();
                scheduleDelivery(0);
            }
        }
    }

    /**
     * Keeps {@code event} for redelivery; when the queue is full, the oldest event is dropped for it. False when
     * the instance is closed and nothing is kept.
     */
    boolean keep(RunEvent event) {
        if (closed) {
            return false;
        }
        synchronized (this) {
            Entry entry = new Entry(nextSequence++, event);
            add(entry);
            spooled(spool -> spool.append(entry));
            trimToCapacity();
            // A long outage over a full queue appends and cancels without end: the file is rewritten meanwhile.
            compactSpool();
            if (!deliveryPending) {
                scheduleDelivery(backoffNanos);
            }
        }
        return true;
    }

    /**
     * Hears that the store just took a write of a tracked job: queued events waiting out a backoff are written
     * now, rather than up to the longest backoff later.
     */
    void storeAnswered() {
        if (queuedCount == 0 || closed) {
            return;
        }
        synchronized (this) {
            if (closed || queue.isEmpty() || scheduled == null || scheduled.getDelay(TimeUnit.NANOSECONDS) <= 0) {
                return;
            }
            if (scheduled.cancel(false)) {
                backoffNanos = settings.initialBackoff().toNanos();
                scheduleDelivery(0);
            }
        }
    }

    /** True when events of {@code scope} wait to be written. */
    synchronized boolean hasQueued(Scope scope) {
        return queuedByScope.containsKey(scope);
    }

    /** True when no event waits to be written. */
    synchronized boolean isEmpty() {
        return queue.isEmpty();
    }

    synchronized RedeliveryStatus status() {
        Map<String, Integer> byDataset = new TreeMap<>();
        queue.forEach(entry -> byDataset.merge(entry.event().dataset().value(), 1, Integer::sum));
        return new RedeliveryStatus(queue.size(), settings.capacity(), dropped, delivered, failedAttempts,
                queue.isEmpty() ? null : queue.peekFirst().event().at(), byDataset);
    }

    /**
     * Tries, within the close timeout, to write what is queued, then says exactly what it could not write, per
     * dataset: kept in the spool for the next start, or lost. Closing again does nothing.
     */
    @Override
    public void close() {
        ScheduledExecutorService own;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            own = ownScheduler;
        }
        if (own != null) {
            own.shutdown();
        }
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        Thread drain = new Thread(() -> drainUntil(deadline), "freshness-redelivery-close");
        drain.setDaemon(true);
        drain.start();
        boolean interrupted = false;
        try {
            drain.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            interrupted = true;
        }
        drain.interrupt();
        if (own != null) {
            // A write of the queue still hanging after the close timeout must not outlive the instance.
            own.shutdownNow();
        }
        List<Entry> left;
        synchronized (this) {
            left = new ArrayList<>(queue);
        }
        if (!left.isEmpty()) {
            Map<String, Integer> byDataset = new TreeMap<>();
            left.forEach(entry -> byDataset.merge(entry.event().dataset().value(), 1, Integer::sum));
            if (spool != null) {
                LOG.warn("Closed with {} event(s) not yet written to the store within {} ({}); they stay in the"
                        + " redelivery spool {} and are written at the next start", left.size(),
                        settings.closeTimeout(), describe(byDataset), spool.directory());
            } else {
                LOG.warn("Closed with {} event(s) that could not be written to the store within {}, now lost: {}",
                        left.size(), settings.closeTimeout(), describe(byDataset));
            }
        }
        if (spool != null) {
            synchronized (this) {
                spool.close();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- delivery ----------------------------------------------------------------------------------------------

    /** Writes the queued events, oldest first, until the queue is empty or the store fails; then waits its backoff. */
    private void deliverInBackground() {
        if (!delivering.tryLock()) {
            return;
        }
        try {
            while (!closed) {
                Entry head;
                synchronized (this) {
                    head = queue.peekFirst();
                    if (head == null) {
                        deliveryPending = false;
                        scheduled = null;
                        return;
                    }
                }
                if (!writeOne(head)) {
                    synchronized (this) {
                        if (!closed) {
                            scheduleDelivery(backoffNanos);
                            backoffNanos = Math.min(settings.maxBackoff().toNanos(), backoffNanos * 2);
                        }
                    }
                    return;
                }
            }
        } finally {
            delivering.unlock();
        }
    }

    /** Writes on the closing thread until the queue is empty or {@code deadline}, waiting the backoff between tries. */
    private void drainUntil(long deadline) {
        try {
            if (!delivering.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        try {
            long pause = settings.initialBackoff().toNanos();
            while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                Entry head;
                synchronized (this) {
                    head = queue.peekFirst();
                }
                if (head == null) {
                    return;
                }
                if (!writeOne(head)) {
                    long wait = Math.min(pause, deadline - System.nanoTime());
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    pause = Math.min(settings.maxBackoff().toNanos(), pause * 2);
                }
            }
        } catch (InterruptedException e) {
            // The close timeout is over: what is left is reported by close().
        } finally {
            delivering.unlock();
        }
    }

    /**
     * Writes the oldest events, at most {@link #EVENTS_PER_WRITE} in one store call; true when the store took
     * them (they are then removed from the queue).
     */
    private boolean writeOne(Entry head) {
        List<Entry> batch = new ArrayList<>();
        synchronized (this) {
            for (Entry entry : queue) {
                if (batch.size() == EVENTS_PER_WRITE) {
                    break;
                }
                batch.add(entry);
            }
        }
        if (batch.isEmpty()) {
            return true;
        }
        List<RunEvent> events = new ArrayList<>(batch.size());
        batch.forEach(entry -> events.add(entry.event()));
        try {
            writer.accept(events);
        } catch (Throwable failure) {
            synchronized (this) {
                failedAttempts++;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("Redelivery of {}{} failed again; {} event(s) queued", Tracking.describe(head.event()),
                        events.size() == 1 ? "" : " and " + (events.size() - 1) + " more", queuedCount, failure);
            }
            return false;
        }
        synchronized (this) {
            // Entries leave the queue only from its head (written, or dropped when it is full), so each of the
            // batch is still at the head, or was dropped meanwhile.
            for (Entry entry : batch) {
                if (queue.peekFirst() == entry) {
                    queue.pollFirst();
                    removed(entry);
                    delivered++;
                    spooled(spool -> spool.cancel(entry.sequence()));
                }
            }
            compactSpool();
            backoffNanos = settings.initialBackoff().toNanos();
        }
        return true;
    }

    // ---- the queue, under this object's lock ----------------------------------------------------------------

    private void add(Entry entry) {
        queue.addLast(entry);
        queuedCount = queue.size();
        queuedByScope.merge(entry.event().scope(), 1, Integer::sum);
    }

    private void removed(Entry entry) {
        queuedCount = queue.size();
        queuedByScope.computeIfPresent(entry.event().scope(), (scope, count) -> count == 1 ? null : count - 1);
    }

    private void trimToCapacity() {
        while (queue.size() > settings.capacity()) {
            Entry oldest = queue.pollFirst();
            removed(oldest);
            dropped++;
            long droppedInAll = dropped;
            spooled(spool -> spool.cancel(oldest.sequence()));
            Tracking.safely(() -> log.warn(QUEUE_FULL, null, (suppressed, cause) -> LOG.warn("The redelivery queue is"
                    + " full ({} events): dropped the oldest, {}{}; {} dropped since this instance was built",
                    settings.capacity(), Tracking.describe(oldest.event()), suppressed == 0 ? ""
                            : " (and " + suppressed + " more since the last message)", droppedInAll)));
        }
    }

    private void scheduleDelivery(long delayNanos) {
        deliveryPending = true;
        ScheduledExecutorService scheduler = settings.scheduler() != null ? settings.scheduler() : ownScheduler();
        try {
            scheduled = scheduler.schedule(this::deliverInBackground, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException rejected) {
            deliveryPending = false;
            Tracking.safely(() -> log.warn(SPOOL_FAILED, rejected, (suppressed, cause) -> LOG.warn("The redelivery"
                    + " scheduler rejected the delivery; the queued events wait for the next one: {}", cause.toString())));
        }
    }

    private ScheduledExecutorService ownScheduler() {
        if (ownScheduler == null) {
            int instance = INSTANCES.incrementAndGet();
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "freshness-redelivery-" + instance);
                thread.setDaemon(true);
                return thread;
            });
            executor.setKeepAliveTime(1, TimeUnit.MINUTES);
            executor.allowCoreThreadTimeOut(true);
            executor.setRemoveOnCancelPolicy(true);
            ownScheduler = executor;
        }
        return ownScheduler;
    }

    /** Empties the spool when the queue is empty, and rewrites it when its cancelled lines outnumber the rest. */
    private void compactSpool() {
        if (spool == null) {
            return;
        }
        if (queue.isEmpty() || spool.linesWritten() > 4L * Math.max(queue.size(), 1000)) {
            List<Entry> entries = new ArrayList<>(queue);
            spooled(spool -> spool.rewrite(entries));
        }
    }

    private interface SpoolWrite {
        void run(RedeliverySpool spool) throws IOException;
    }

    /** A spool that fails (a full disk) is logged once a minute and never stops the queue in memory. */
    private void spooled(SpoolWrite write) {
        if (spool == null) {
            return;
        }
        try {
            write.run(spool);
        } catch (IOException | RuntimeException e) {
            Tracking.safely(() -> log.warn(SPOOL_FAILED, e, (suppressed, cause) -> LOG.warn("Could not write the"
                    + " redelivery spool {}; the queue goes on in memory only: {}", spool.directory(), cause.toString())));
        }
    }

    private static String describe(Map<String, Integer> byDataset) {
        StringBuilder text = new StringBuilder();
        byDataset.forEach((dataset, count) -> text.append(text.length() == 0 ? "" : ", ").append(dataset)
                .append(": ").append(count));
        return text.toString();
    }
}
