package dev.freshness.track;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * On a store that may block, a run's outcome joins the store call of its start while that call has not finished
 * writing the start, so that a short job costs one hand-off to the store executor instead of two; each event of the
 * joined call is still written, reported and kept for redelivery on its own.
 */
class OneStoreCallPerRunTest {

    private static final Scope ACME = Scope.tenant("acme");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final List<DatasetFreshness> opened = new ArrayList<>();

    /**
     * Closes each instance a test built, so that no redelivery of its events outlives the test (and logs into
     * another test's captured log); what they could not write is dropped quietly.
     */
    @AfterEach
    void closeEveryInstance() {
        try (CapturedLog quiet = CapturedLog.of(CapturedLog.TRACKING)) {
            opened.forEach(DatasetFreshness::close);
        }
    }

    private DatasetFreshness opened(DatasetFreshness.Builder builder) {
        DatasetFreshness freshness = builder.withRedeliveryCloseTimeout(Duration.ofMillis(50)).build();
        opened.add(freshness);
        return freshness;
    }

    @Test
    void aStartWhoseCallHasNotBegunIsWrittenWithTheOutcomeInOneCall() {
        RecordingStore store = new RecordingStore(true);
        HeldExecutor executor = new HeldExecutor();
        DatasetFreshness freshness = opened(builder(store, executor));

        assertThat(freshness.track(ACME, "orders").call(() -> 42)).isEqualTo(42);

        assertThat(executor.handedOver()).as("store calls handed to the executor").isEqualTo(1);
        assertThat(store.events()).hasSize(2);
        assertThat(store.events().get(0)).isInstanceOf(RunEvent.Started.class);
        assertThat(store.events().get(1)).isInstanceOf(RunEvent.Succeeded.class);
        assertThat(store.events().get(1).runId()).isEqualTo(store.events().get(0).runId());
        assertThat(store.writeThreads()).hasSize(2).containsOnly(store.writeThreads().get(0));
        assertThat(store.batchSizes()).as("each event written alone, not as a batch").isEmpty();
    }

    @Test
    void anOutcomeThatComesWhileTheStartIsBeingWrittenIsWrittenRightAfterItByTheSameCall() throws Exception {
        BlockingStore store = new BlockingStore(event -> event instanceof RunEvent.Started);
        CountingExecutor executor = new CountingExecutor();
        DatasetFreshness freshness = opened(AnyDataset.using(store).withClock(clock).withStoreExecutor(executor)
                .withTrackingListener(new TrackingListener() {
                    @Override
                    public void onRunFinished(FinishedRun run) {
                        store.release();
                    }
                }));

        assertThat(freshness.track(ACME, "orders").call(() -> {
            assertThat(store.entered().await(10, TimeUnit.SECONDS)).as("the start is being written").isTrue();
            return 8;
        })).isEqualTo(8);

        assertThat(executor.handedOver()).isEqualTo(1);
        assertThat(store.events()).hasSize(2);
        assertThat(store.events().get(1)).isInstanceOf(RunEvent.Succeeded.class);
        assertThat(store.threads()).hasSize(2).containsOnly(store.threads().get(0));
    }

    @Test
    void aFailureJoinsTheStartLikeASuccess() {
        RecordingStore store = new RecordingStore(true);
        HeldExecutor executor = new HeldExecutor();
        DatasetFreshness freshness = opened(builder(store, executor));
        IllegalStateException own = new IllegalStateException("job broke");

        Throwable thrown = catchThrowable(() -> freshness.track(ACME, "orders").run(() -> {
            throw own;
        }));

        assertThat(thrown).isSameAs(own);
        assertThat(executor.handedOver()).isEqualTo(1);
        assertThat(store.events()).hasSize(2);
        assertThat(store.events().get(1)).isInstanceOfSatisfying(RunEvent.Failed.class,
                failed -> assertThat(failed.error().message()).contains("job broke"));
    }

    @Test
    void anOutcomeAfterItsStartsCallEndedHasACallOfItsOwn() throws Exception {
        RecordingStore store = new RecordingStore(true);
        CountingExecutor executor = new CountingExecutor();
        DatasetFreshness freshness = opened(AnyDataset.using(store).withClock(clock).withStoreExecutor(executor));

        assertThat(freshness.track(ACME, "orders").call(() -> {
            RedeliveryTest.awaitTrue(() -> executor.finished() == 1);
            return 7;
        })).isEqualTo(7);

        assertThat(executor.handedOver()).isEqualTo(2);
        assertThat(store.events()).hasSize(2);
        assertThat(store.events().get(1)).isInstanceOf(RunEvent.Succeeded.class);
    }

    @Test
    void eachEventOfAJoinedCallReportsItsOwnError() {
        RecordingStore store = new FailingStore(true, FailingStore.Fault.THROW, e -> e instanceof RunEvent.Succeeded);
        HeldExecutor executor = new HeldExecutor();
        DatasetFreshness freshness = opened(builder(store, executor)
                .withStoreFailurePolicy(StoreFailurePolicy.STRICT));

        Throwable thrown = catchThrowable(() -> freshness.track(ACME, "orders").call(() -> 1));

        assertThat(executor.handedOver()).isEqualTo(1);
        assertThat(thrown).isInstanceOfSatisfying(RecordingFailedException.class,
                surfaced -> assertThat(surfaced.event()).isInstanceOf(RunEvent.Succeeded.class));
        assertThat(thrown.getSuppressed()).as("the start was written").isEmpty();
        assertThat(store.events()).singleElement().isInstanceOf(RunEvent.Started.class);
    }

    @Test
    void aStartThatFailsInAJoinedCallDoesNotKeepItsOutcomeFromBeingWritten() {
        RecordingStore store = new FailingStore(true, FailingStore.Fault.THROW, e -> e instanceof RunEvent.Started);
        HeldExecutor executor = new HeldExecutor();
        DatasetFreshness freshness = opened(builder(store, executor));

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            assertThat(freshness.track(ACME, "orders").call(() -> 3)).isEqualTo(3);

            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("Could not record the start");
        }
        assertThat(executor.handedOver()).isEqualTo(1);
        assertThat(store.events()).singleElement().isInstanceOf(RunEvent.Succeeded.class);
    }

    @Test
    void bothEventsOfAJoinedCallTheStoreRefusedAreRedelivered() throws Exception {
        SwitchableStore store = new SwitchableStore(true);
        HeldExecutor executor = new HeldExecutor();
        try (DatasetFreshness freshness = builder(store, executor)
                .withRedeliveryBackoff(Duration.ofMillis(2), Duration.ofMillis(10)).build();
             CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            store.down();

            assertThat(freshness.track(ACME, "orders").call(() -> "done")).isEqualTo("done");

            assertThat(executor.handedOver()).isEqualTo(1);
            assertThat(store.events()).isEmpty();
            assertThat(freshness.records().redeliveryStatus().queued()).isEqualTo(2);
            assertThat(log.messages(Level.WARN)).isNotEmpty();

            store.up();
            RedeliveryTest.awaitTrue(() -> store.events().size() == 2);
            assertThat(store.events().get(0)).isInstanceOf(RunEvent.Started.class);
            assertThat(store.events().get(1)).isInstanceOf(RunEvent.Succeeded.class);
        }
    }

    @Test
    void aJoinedCallThatHangsReleasesTheJobAtTheStoreTimeoutWithBothEventsKept() {
        BlockingStore store = new BlockingStore(event -> true);
        HeldExecutor executor = new HeldExecutor();
        DatasetFreshness freshness = opened(builder(store, executor).withStoreTimeout(Duration.ofMillis(100)));
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            long started = System.nanoTime();

            assertThat(freshness.track(ACME, "orders").call(() -> 5)).isEqualTo(5);

            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(tookMillis).isGreaterThanOrEqualTo(90).isLessThan(1_500);
            assertThat(executor.handedOver()).isEqualTo(1);
            assertThat(freshness.records().redeliveryStatus().queued()).isEqualTo(2);
            assertThat(log.messages(Level.WARN)).isNotEmpty();
        } finally {
            store.release();
        }
    }

    @Test
    void anOutcomeNeverJoinsAStartWhoseCallWasCancelledBeforeItBegan() throws Exception {
        RecordingStore store = new RecordingStore(true);
        HeldExecutor executor = new HeldExecutor();
        try (DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).withStoreExecutor(executor)
                .withStoreTimeout(Duration.ofMillis(50)).recordingStartsSynchronously()
                .withRedeliveryBackoff(Duration.ofMillis(2), Duration.ofMillis(10)).build();
             CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {

            // The start's call is held past the store timeout: its synchronous wait cancels it before it began.
            assertThat(freshness.track(ACME, "orders").call(() -> 9)).isEqualTo(9);

            assertThat(executor.handedOver()).as("the outcome got a call of its own").isEqualTo(2);
            executor.release();
            RedeliveryTest.awaitTrue(() -> store.events().stream().anyMatch(RunEvent.Started.class::isInstance)
                    && store.events().stream().anyMatch(RunEvent.Succeeded.class::isInstance));
            assertThat(log.messages(Level.WARN)).isNotEmpty();
        }
    }

    @Test
    void aStoreTimeoutOfAMicrosecondStillBoundsTheWait() {
        BlockingStore store = new BlockingStore(event -> true);
        DatasetFreshness freshness = opened(AnyDataset.using(store).withClock(clock)
                .withStoreTimeout(Duration.ofNanos(1_000)));
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            for (int run = 0; run < 20; run++) {
                long started = System.nanoTime();

                assertThat(freshness.track(ACME, "orders").call(() -> 5)).isEqualTo(5);

                // Far below what a wait that ignored its deadline would take (the store never answers).
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_000);
            }
            assertThat(log.messages(Level.WARN)).isNotEmpty();
        } finally {
            store.release();
        }
    }

    private DatasetFreshness.Builder builder(RecordingStore store, HeldExecutor executor) {
        return AnyDataset.using(store).withClock(clock).withStoreExecutor(executor)
                .withTrackingListener(new TrackingListener() {
                    @Override
                    public void onRunFinished(FinishedRun run) {
                        executor.release();
                    }
                });
    }

    /**
     * An executor that holds the store calls handed to it until the run's outcome was handed over too (the
     * listener hears the run finish right after), so that the start's call has surely not begun by then; from
     * then on it runs each call on a thread of its own.
     */
    private static final class HeldExecutor implements Executor {
        private final List<Runnable> held = new ArrayList<>();
        private final AtomicInteger handedOver = new AtomicInteger();
        private boolean released;

        @Override
        public void execute(Runnable command) {
            handedOver.incrementAndGet();
            synchronized (this) {
                if (!released) {
                    held.add(command);
                    return;
                }
            }
            start(command);
        }

        void release() {
            List<Runnable> toRun;
            synchronized (this) {
                released = true;
                toRun = new ArrayList<>(held);
                held.clear();
            }
            toRun.forEach(HeldExecutor::start);
        }

        int handedOver() {
            return handedOver.get();
        }

        private static void start(Runnable command) {
            Thread thread = new Thread(command, "held-store-call");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** An executor that runs each store call on a thread of its own and counts them, handed over and finished. */
    private static final class CountingExecutor implements Executor {
        private final AtomicInteger handedOver = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();

        @Override
        public void execute(Runnable command) {
            handedOver.incrementAndGet();
            Thread thread = new Thread(() -> {
                command.run();
                finished.incrementAndGet();
            }, "counted-store-call");
            thread.setDaemon(true);
            thread.start();
        }

        int handedOver() {
            return handedOver.get();
        }

        int finished() {
            return finished.get();
        }
    }
}
