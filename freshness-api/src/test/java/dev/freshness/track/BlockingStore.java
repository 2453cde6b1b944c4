package dev.freshness.track;

import dev.freshness.core.RunEvent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * A recording store that may block, whose {@link #apply} of the events a predicate picks waits until the test
 * {@linkplain #release() releases} it, or until the calling thread is interrupted (as a JDBC call waiting for
 * a lock does, with a driver that honours interrupts; the event is then not recorded). It remembers the
 * threads it was called on.
 */
public final class BlockingStore extends RecordingStore {

    private final Predicate<RunEvent> blocking;
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    public BlockingStore(Predicate<RunEvent> blocking) {
        super(true);
        this.blocking = blocking;
    }

    /** Lets every blocked call, and every later one, through. */
    public void release() {
        released.countDown();
    }

    /** Counted down when a call first blocks. */
    public CountDownLatch entered() {
        return entered;
    }

    /** Counted down when a blocked call was interrupted. */
    public CountDownLatch interrupted() {
        return interrupted;
    }

    /** The threads {@link #apply} was called on, in order. */
    public List<Thread> threads() {
        return List.copyOf(threads);
    }

    @Override
    public void apply(RunEvent event) {
        threads.add(Thread.currentThread());
        if (blocking.test(event)) {
            entered.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
                return;
            }
        }
        super.apply(event);
    }
}
