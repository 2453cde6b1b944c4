package dev.freshness.track;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link DatasetFreshness#close()} ends the threads the instance started for a store that may block, after
 * waiting at most the store timeout for the writes in progress; an executor the caller gave stays the caller's;
 * jobs tracked afterwards still run as they would have.
 */
class CloseTest {

    private static final Scope ACME = Scope.tenant("acme");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void theThreadsOfTheOwnExecutorEnd() throws Exception {
        BlockingStore store = new BlockingStore(event -> false);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).build();
        freshness.track(ACME, "scorecard").run(() -> { });
        freshness.track(ACME, "ad_assets").run(() -> { });
        List<Thread> threads = store.threads();
        assertThat(threads).hasSize(4).allSatisfy(thread -> assertThat(thread.getName()).startsWith("freshness-store-"));

        freshness.close();

        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(thread.isAlive()).as("%s is alive", thread.getName()).isFalse();
        }
    }

    @Test
    void aWriteInProgressIsWaitedForBeforeCloseReturns() throws Exception {
        BlockingStore store = new BlockingStore(RunEvent.Started.class::isInstance);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).withStoreTimeout(Duration.ofSeconds(10)).build();
        RunHandle handle = freshness.start(ACME, "scorecard");
        assertThat(store.entered().await(5, TimeUnit.SECONDS)).as("the start is being written").isTrue();
        Thread releaser = new Thread(() -> {
            sleep(150);
            store.release();
        });

        releaser.start();
        long started = System.nanoTime();
        freshness.close();
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(store.events()).as("the write in progress finished before close returned")
                .singleElement().isInstanceOf(RunEvent.Started.class);
        assertThat(waitedMillis).isBetween(100L, 5_000L);
        releaser.join();
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            handle.succeeded(1);
            assertThat(log.messages(Level.WARN)).as("nothing is written after close").singleElement().asString()
                    .contains("Could not record the success");
        }
    }

    @Test
    void aHangingWriteIsWaitedForAtMostTheStoreTimeoutThenInterrupted() throws Exception {
        BlockingStore store = new BlockingStore(RunEvent.Started.class::isInstance);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).withStoreTimeout(Duration.ofMillis(300)).build();
        RunHandle handle = freshness.start(ACME, "scorecard");
        assertThat(store.entered().await(5, TimeUnit.SECONDS)).isTrue();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            long started = System.nanoTime();
            freshness.close();
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(waitedMillis).as("waited the store timeout, and no longer").isBetween(250L, 2_000L);
            assertThat(store.interrupted().await(5, TimeUnit.SECONDS)).as("the hanging call was interrupted").isTrue();
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Closed with store calls still running after the store timeout of PT0.3S");
            handle.succeeded(1);
        } finally {
            store.release();
        }
        assertThat(store.events()).isEmpty();
    }

    @Test
    void aUserExecutorRunsTheStoreCallsAndIsNotShutDown() throws Exception {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2,
                task -> new Thread(task, "user-store-" + threadNumber.incrementAndGet()));
        try {
            RecordingStore store = new RecordingStore(true);
            DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).withStoreExecutor(executor).build();

            assertThat(freshness.track(ACME, "scorecard").call(() -> 7)).isEqualTo(7);
            freshness.job("meta_sync").run(run -> run.touched(ACME, "ad_assets", 2));
            freshness.close();

            assertThat(store.events()).hasSize(4);
            assertThat(store.writeThreads()).allSatisfy(name -> assertThat(name).startsWith("user-store-"));
            assertThat(executor.isShutdown()).isFalse();
            assertThat(executor.submit(() -> "still mine").get(5, TimeUnit.SECONDS)).isEqualTo("still mine");
        } finally {
            executor.shutdownNow();
        }
    }

    @ParameterizedTest(name = "storeMayBlock={0}")
    @ValueSource(booleans = {false, true})
    void jobsTrackedAfterCloseStillRunAndKeepTheirOutcome(boolean mayBlock) throws Exception {
        RecordingStore store = new RecordingStore(mayBlock);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).build();
        freshness.close();
        freshness.close();
        IOException own = new IOException("disk full");

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            assertThat(freshness.track(ACME, "scorecard").call(() -> "value")).isEqualTo("value");
            int steps = freshness.job("meta_sync").call(run -> run.track(ACME, "ad_assets").call(() -> 3));
            assertThat(steps).isEqualTo(3);
            CompletableFuture<Integer> async = freshness.track(ACME, "scorecard").callAsync(() -> CompletableFuture.completedFuture(4));
            assertThat(async.join()).isEqualTo(4);
            assertThat(catchThrowable(() -> freshness.track(ACME, "scorecard").run(() -> {
                throw own;
            }))).isSameAs(own);
            assertThat(own.getSuppressed()).isEmpty();

            if (mayBlock) {
                assertThat(store.events()).as("nothing is written once the own executor is closed").isEmpty();
                assertThat(log.events(Level.WARN)).isNotEmpty().allSatisfy((ILoggingEvent warning) -> {
                    assertThat(warning.getThrowableProxy().getClassName()).isEqualTo(RejectedExecutionException.class.getName());
                    assertThat(warning.getThrowableProxy().getMessage()).contains("is closed");
                });
            }
        }
    }

    @Test
    void anInstanceIsAutoCloseable() throws Exception {
        BlockingStore store = new BlockingStore(event -> false);
        try (DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).build()) {
            freshness.track(ACME, "scorecard").run(() -> { });
        }
        for (Thread thread : store.threads()) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(thread.isAlive()).isFalse();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
