package dev.freshness.track.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HandOffQueueTest {

    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    @Test
    void refusesACallBeyondItsCapacity() {
        HandOffQueue queue = new HandOffQueue(2, POLL_NANOS);

        assertThat(queue.offer(() -> { })).isTrue();
        assertThat(queue.offer(() -> { })).isTrue();
        assertThat(queue.offer(() -> { })).isFalse();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.remainingCapacity()).isZero();

        queue.poll();
        assertThat(queue.offer(() -> { })).isTrue();
    }

    @Test
    void givesCallsInTheOrderTheyCame() throws InterruptedException {
        HandOffQueue queue = new HandOffQueue(8, POLL_NANOS);
        Runnable first = () -> { };
        Runnable second = () -> { };
        queue.offer(first);
        queue.offer(second);

        assertThat(queue.poll(1, TimeUnit.SECONDS)).isSameAs(first);
        assertThat(queue.take()).isSameAs(second);
    }

    @Test
    void aPollOfAnEmptyQueueEndsAtItsTimeout() throws InterruptedException {
        HandOffQueue queue = new HandOffQueue(8, POLL_NANOS);
        long start = System.nanoTime();

        assertThat(queue.poll(20, TimeUnit.MILLISECONDS)).isNull();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void aThreadParkedInAPollIsWokenByTheNextCall() throws Exception {
        HandOffQueue queue = new HandOffQueue(8, POLL_NANOS);
        List<Runnable> taken = new ArrayList<>();
        Thread consumer = new Thread(() -> {
            try {
                taken.add(queue.poll(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        awaitParked(consumer);
        Runnable call = () -> { };

        queue.offer(call);
        consumer.join(TimeUnit.SECONDS.toMillis(5));

        assertThat(consumer.isAlive()).as("the parked thread was woken").isFalse();
        assertThat(taken).containsExactly(call);
    }

    @Test
    void anInterruptEndsAPollingOrParkedThread() throws Exception {
        HandOffQueue queue = new HandOffQueue(8, TimeUnit.SECONDS.toNanos(10));
        List<Throwable> thrown = new ArrayList<>();
        Thread consumer = new Thread(() -> {
            try {
                queue.take();
            } catch (InterruptedException e) {
                thrown.add(e);
            }
        });
        consumer.start();
        Thread.sleep(20);

        consumer.interrupt();
        consumer.join(TimeUnit.SECONDS.toMillis(5));

        assertThat(consumer.isAlive()).isFalse();
        assertThat(thrown).singleElement().isInstanceOf(InterruptedException.class);
    }

    @Test
    void drainsAndRemovesWhatAnExecutorShutDownNowTakesBack() {
        HandOffQueue queue = new HandOffQueue(8, POLL_NANOS);
        Runnable kept = () -> { };
        Runnable removed = () -> { };
        queue.offer(kept);
        queue.offer(removed);

        assertThat(queue.remove(removed)).isTrue();
        List<Runnable> drained = new ArrayList<>();
        assertThat(queue.drainTo(drained)).isEqualTo(1);

        assertThat(drained).containsExactly(kept);
        assertThat(queue).isEmpty();
        assertThat(queue.remainingCapacity()).isEqualTo(8);
        assertThatThrownBy(() -> queue.drainTo(queue)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesABadCapacityOrPoll() {
        assertThatThrownBy(() -> new HandOffQueue(0, POLL_NANOS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("capacity must be > 0, was 0");
        assertThatThrownBy(() -> new HandOffQueue(8, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("pollNanos must be >= 0, was -1");
    }

    /** Calls handed over together while a thread polls still run side by side, each on a thread of its own. */
    @Test
    void callsOfferedDuringAPollAllFindAThread() throws Exception {
        int threads = 4;
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new HandOffQueue(64, TimeUnit.MILLISECONDS.toNanos(200)));
        try {
            executor.prestartAllCoreThreads();
            for (int round = 0; round < 50; round++) {
                CyclicBarrier allRunning = new CyclicBarrier(threads);
                CountDownLatch done = new CountDownLatch(threads);
                for (int i = 0; i < threads; i++) {
                    executor.execute(() -> {
                        try {
                            allRunning.await(5, TimeUnit.SECONDS);
                            done.countDown();
                        } catch (Exception e) {
                            // The latch then stays open and the assertion below names the round.
                        }
                    });
                }
                assertThat(done.await(10, TimeUnit.SECONDS)).as("round %d: every call ran at once", round).isTrue();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * No call waits for a thread that is not coming: a caller hands a call over at a random moment around the end of
     * a thread's poll of 10 µs, then waits for it to run; a lost wake-up would leave the call for the pool's
     * keep-alive of 60 s, as no later call comes to wake a thread (one caller: a second one's calls would).
     */
    @Test
    void noCallIsLeftWaitingByAThreadThatStopsPolling() throws Exception {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS,
                new HandOffQueue(1024, TimeUnit.MICROSECONDS.toNanos(10)));
        AtomicLong slowestNanos = new AtomicLong();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            executor.prestartAllCoreThreads();
            Thread[] callers = new Thread[1];
            for (int c = 0; c < callers.length; c++) {
                callers[c] = new Thread(() -> {
                    for (int i = 0; i < 20_000 && failures.isEmpty(); i++) {
                        // A busy wait: a parked caller would wake long after the poll ended.
                        long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(0, 20_000);
                        while (System.nanoTime() - until < 0) {
                            Thread.onSpinWait();
                        }
                        CountDownLatch ran = new CountDownLatch(1);
                        long handedOver = System.nanoTime();
                        executor.execute(ran::countDown);
                        try {
                            if (!ran.await(5, TimeUnit.SECONDS)) {
                                failures.add("call " + i + " waited more than 5 s for a thread");
                            }
                        } catch (InterruptedException e) {
                            failures.add("interrupted");
                        }
                        slowestNanos.accumulateAndGet(System.nanoTime() - handedOver, Math::max);
                    }
                });
                callers[c].start();
            }
            for (Thread caller : callers) {
                caller.join();
            }
            assertThat(failures).isEmpty();
            assertThat(slowestNanos.get()).as("the slowest call, in ns").isLessThan(TimeUnit.SECONDS.toNanos(5));
        } finally {
            executor.shutdownNow();
        }
    }

    private static void awaitParked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(thread.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    }
}
