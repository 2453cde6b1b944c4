package dev.freshness.track.internal;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The work queue of the tracking's own store executor: bounded, and one of its idle threads polls it for a short
 * while before it parks, so that the store call of a job's next run finds a thread awake instead of waking one.
 *
 * <p>A tracked run on a blocking store hands its store call to the executor and waits for it; when both threads
 * park between runs, each run pays two wake-ups, which on a virtual machine cost tens of microseconds, as much as the
 * write of an in-process database. A thread that polls for {@link #pollNanos} after its last call takes the next
 * call at once while the job's runs follow each other, and costs nothing more than that poll once they stop.
 *
 * <p>Only one thread polls at a time, and {@link #offer} wakes a parked thread only when none is polling, so a
 * call never wakes a thread it does not need. The poller and {@code offer} order their steps like this: the poller
 * stops polling, then looks at the queue once more under the lock before it parks; {@code offer} adds the call, then
 * reads whether a thread polls, and signals under the lock when none does. Either the poller's last look sees the
 * call or {@code offer} sees no poller and signals, so no call waits for a thread that is not coming.
 */
final class HandOffQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

    /** How long an idle thread polls before it parks; see the class comment. */
    static final long DEFAULT_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final int capacity;
    private final long pollNanos;
    private final ConcurrentLinkedQueue<Runnable> calls = new ConcurrentLinkedQueue<>();
    /** The calls queued, reserved before they are added so that the bound holds under concurrent offers. */
    private final AtomicInteger count = new AtomicInteger();
    /** 1 while a thread polls, else 0. */
    private final AtomicInteger polling = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();

    /**
     * @param capacity the most calls it holds
     * @param pollNanos how long an idle thread polls before it parks; 0 parks at once
     */
    HandOffQueue(int capacity, long pollNanos) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        if (pollNanos < 0) {
            throw new IllegalArgumentException("pollNanos must be >= 0, was " + pollNanos);
        }
        this.capacity = capacity;
        // On one processor a polling thread would only hold back the thread that is to hand it a call.
        this.pollNanos = Runtime.getRuntime().availableProcessors() > 1 ? pollNanos : 0;
    }

    @Override
    public boolean offer(Runnable call) {
        Objects.requireNonNull(call, "call must not be null");
        if (count.getAndIncrement() >= capacity) {
            count.getAndDecrement();
            return false;
        }
        calls.offer(call);
        if (polling.get() == 0) {
            lock.lock();
            try {
                notEmpty.signal();
            } finally {
                lock.unlock();
            }
        }
        return true;
    }

    @Override
    public Runnable poll() {
        Runnable call = calls.poll();
        if (call != null) {
            count.getAndDecrement();
        }
        return call;
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        Runnable call = pollBriefly(deadline);
        if (call == null) {
            lock.lockInterruptibly();
            try {
                while ((call = poll()) == null) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return null;
                    }
                    notEmpty.awaitNanos(remaining);
                }
            } finally {
                lock.unlock();
            }
        }
        signalIfMoreWait();
        return call;
    }

    @Override
    public Runnable take() throws InterruptedException {
        Runnable call = pollBriefly(System.nanoTime() + Long.MAX_VALUE / 2);
        if (call == null) {
            lock.lockInterruptibly();
            try {
                while ((call = poll()) == null) {
                    notEmpty.await();
                }
            } finally {
                lock.unlock();
            }
        }
        signalIfMoreWait();
        return call;
    }

    /**
     * Polls for up to {@link #pollNanos} (not past {@code deadline}) when no other thread polls; null when nothing
     * came, and the caller then parks.
     */
    private Runnable pollBriefly(long deadline) throws InterruptedException {
        Runnable call = poll();
        if (call != null || pollNanos == 0 || !polling.compareAndSet(0, 1)) {
            return call;
        }
        try {
            long until = Math.min(deadline, System.nanoTime() + pollNanos);
            while ((call = poll()) == null && System.nanoTime() - until < 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                Thread.onSpinWait();
            }
            return call;
        } finally {
            polling.set(0);
        }
    }

    /**
     * A thread that took a call while more are queued wakes another: {@code offer} does not signal while a thread
     * polls, so calls offered together during a poll would otherwise wait for the poller to finish its own.
     */
    private void signalIfMoreWait() {
        if (!calls.isEmpty()) {
            lock.lock();
            try {
                notEmpty.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void put(Runnable call) throws InterruptedException {
        throw new UnsupportedOperationException("the store executor never waits for room: it rejects the call");
    }

    @Override
    public boolean offer(Runnable call, long timeout, TimeUnit unit) {
        return offer(call);
    }

    @Override
    public Runnable peek() {
        return calls.peek();
    }

    @Override
    public int size() {
        return Math.max(0, Math.min(count.get(), capacity));
    }

    @Override
    public int remainingCapacity() {
        return capacity - size();
    }

    @Override
    public boolean remove(Object call) {
        if (calls.remove(call)) {
            count.getAndDecrement();
            return true;
        }
        return false;
    }

    @Override
    public Iterator<Runnable> iterator() {
        Iterator<Runnable> queued = calls.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return queued.hasNext();
            }

            @Override
            public Runnable next() {
                return queued.next();
            }

            @Override
            public void remove() {
                queued.remove();
                count.getAndDecrement();
            }
        };
    }

    @Override
    public int drainTo(Collection<? super Runnable> into) {
        return drainTo(into, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> into, int maxElements) {
        Objects.requireNonNull(into, "into must not be null");
        if (into == this) {
            throw new IllegalArgumentException("into must not be this queue");
        }
        int drained = 0;
        Runnable call;
        while (drained < maxElements && (call = poll()) != null) {
            into.add(call);
            drained++;
        }
        return drained;
    }
}
