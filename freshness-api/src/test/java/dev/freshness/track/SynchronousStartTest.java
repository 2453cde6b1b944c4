package dev.freshness.track;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunEvent;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code recordingStartsSynchronously()} the start of a run is written before the job's body runs
 * (waiting at most the store timeout); without it, the body runs while the start is still being written.
 */
class SynchronousStartTest {

    private static final Scope ACME = Scope.tenant("acme");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void withTheOptionTheBodyStartsOnlyOnceTheStartIsWritten() throws Exception {
        BlockingStore store = new BlockingStore(RunEvent.Started.class::isInstance);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).recordingStartsSynchronously()
                .withStoreTimeout(Duration.ofSeconds(10)).build();
        Thread releaser = releaseAfter(store, 200);

        long started = System.nanoTime();
        List<RunEvent> seenByTheBody = freshness.track(ACME, "scorecard").call(store::events);
        long bodyWaitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(seenByTheBody).singleElement().isInstanceOf(RunEvent.Started.class);
        assertThat(bodyWaitedMillis).isGreaterThanOrEqualTo(150);
        assertThat(store.events()).hasSize(2);
        releaser.join();
    }

    @Test
    void withoutTheOptionTheBodyRunsWhileTheStartIsBeingWritten() throws Exception {
        BlockingStore store = new BlockingStore(RunEvent.Started.class::isInstance);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).withStoreTimeout(Duration.ofSeconds(10)).build();

        String value = freshness.track(ACME, "scorecard").call(() -> {
            assertThat(store.entered().await(5, TimeUnit.SECONDS)).as("the start is being written").isTrue();
            assertThat(store.events()).as("and not written yet").isEmpty();
            store.release();
            return "done";
        });

        assertThat(value).isEqualTo("done");
        // The start and the success are written on two threads of the store executor, in either order.
        assertThat(store.events()).extracting(event -> event.getClass().getSimpleName())
                .containsExactlyInAnyOrder("Started", "Succeeded");
    }

    @Test
    void theWaitForTheStartIsBoundedByTheStoreTimeout() {
        BlockingStore store = new BlockingStore(RunEvent.Started.class::isInstance);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).recordingStartsSynchronously()
                .withStoreTimeout(Duration.ofMillis(300)).build();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            long started = System.nanoTime();
            String value = freshness.track(ACME, "scorecard").call(() -> "done");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(value).isEqualTo("done");
            assertThat(tookMillis).isBetween(250L, 2_000L);
            assertThat(log.events(Level.WARN)).singleElement().satisfies(warning -> assertThat(
                    warning.getThrowableProxy().getClassName()).isEqualTo(TimeoutException.class.getName()));
        } finally {
            store.release();
            freshness.close();
        }
        // The success that timed out was kept for redelivery and written once the store answered (by close() at the
        // latest); the timed-out call itself may also complete once released, so it may arrive twice, which merges.
        assertThat(store.events()).filteredOn(RunEvent.Succeeded.class::isInstance).isNotEmpty()
                .hasSizeLessThanOrEqualTo(2)
                .extracting(RunEvent::runId).containsOnly(store.events().get(0).runId());
        assertThat(store.events()).anySatisfy(event -> assertThat(event).isInstanceOf(RunEvent.Started.class));
    }

    @Test
    void theStepsAndTouchedScopesOfARunStartSynchronouslyToo() throws Exception {
        BlockingStore store = new BlockingStore(RunEvent.Started.class::isInstance);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).recordingStartsSynchronously()
                .withStoreTimeout(Duration.ofSeconds(10)).build();
        Thread releaser = releaseAfter(store, 200);

        freshness.job("meta_sync").run(run -> {
            List<RunEvent> seenByTheStep = run.track(ACME, "ad_assets").call(store::events);
            assertThat(seenByTheStep).singleElement().isInstanceOf(RunEvent.Started.class);
            run.touched(ACME, "ad_thumbnails", 3);
            assertThat(store.events()).hasSize(3).last().isInstanceOf(RunEvent.Started.class);
        });

        assertThat(store.events()).hasSize(4);
        releaser.join();
    }

    private static Thread releaseAfter(BlockingStore store, long millis) {
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.release();
        });
        releaser.start();
        return releaser;
    }
}
