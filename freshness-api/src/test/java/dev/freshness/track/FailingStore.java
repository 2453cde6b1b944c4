package dev.freshness.track;

import dev.freshness.core.RunEvent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A recording store with faults: it throws for the events a predicate picks, or hangs on them until
 * interrupted (as a JDBC call stuck on a lock would, with a driver that honours interrupts).
 */
public final class FailingStore extends RecordingStore {

    enum Fault { THROW, HANG }

    private final Fault fault;
    private final Predicate<RunEvent> failing;
    final AtomicInteger interruptedCalls = new AtomicInteger();
    final CountDownLatch hangInterrupted = new CountDownLatch(1);

    FailingStore(boolean mayBlock, Fault fault, Predicate<RunEvent> failing) {
        super(mayBlock);
        this.fault = fault;
        this.failing = failing;
    }

    static FailingStore throwingOnEveryCall(boolean mayBlock) {
        return new FailingStore(mayBlock, Fault.THROW, event -> true);
    }

    @Override
    public void apply(RunEvent event) {
        if (!failing.test(event)) {
            super.apply(event);
            return;
        }
        if (fault == Fault.THROW) {
            throw new IllegalStateException("store down while recording " + event.getClass().getSimpleName());
        }
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            interruptedCalls.incrementAndGet();
            hangInterrupted.countDown();
            Thread.currentThread().interrupt();
        }
    }
}
