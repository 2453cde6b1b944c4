package dev.freshness.track;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store timeout is a budget per run: all the writes of one run wait for a hanging store at most that long
 * in total, however many steps or outcomes it records, and the job's value comes back unchanged.
 */
class StoreTimeoutPerRunTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Duration STORE_TIMEOUT = Duration.ofMillis(200);
    /** Below 10 waits of 200 ms (2 seconds) and 20 (4 seconds), and generous above the one budget of 200 ms. */
    private static final long AT_MOST_MILLIS = 1_500;

    private final BlockingStore hangingForever = new BlockingStore(event -> true);
    private final DatasetFreshness freshness = AnyDataset.using(hangingForever)
            .withClock(new MutableClock(Instant.parse("2026-03-01T10:00:00Z")))
            .withStoreTimeout(STORE_TIMEOUT).build();

    @Test
    void twentyStepsOfOneRunWaitAtMostOneStoreTimeoutInAll() {
        List<Integer> stepValues = new ArrayList<>();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            long started = System.nanoTime();
            String value = freshness.job("meta_sync").call(run -> {
                for (int step = 0; step < 20; step++) {
                    int expected = step;
                    stepValues.add(run.track(ACME, "dataset_" + step).call(() -> expected));
                }
                return "synced";
            });
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(value).isEqualTo("synced");
            assertThat(tookMillis).isGreaterThanOrEqualTo(STORE_TIMEOUT.toMillis() - 50).isLessThan(AT_MOST_MILLIS);
            assertThat(log.messages(Level.WARN)).isNotEmpty();
        } finally {
            hangingForever.release();
        }
        assertThat(stepValues).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    }

    @Test
    void tenImmediateOutcomesOfOneRunWaitAtMostOneStoreTimeoutInAll() {
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            long started = System.nanoTime();
            Integer value = freshness.job("template_approval").call(run -> {
                for (int item = 0; item < 10; item++) {
                    run.succeeded(Scope.tenant("tenant-" + item), "template_approvals", item);
                }
                return 10;
            });
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(value).isEqualTo(10);
            assertThat(log.messages(Level.WARN)).isNotEmpty();
            assertThat(tookMillis).isGreaterThanOrEqualTo(STORE_TIMEOUT.toMillis() - 50).isLessThan(AT_MOST_MILLIS);
        } finally {
            hangingForever.release();
        }
    }

    @Test
    void eachRunHasItsOwnBudget() {
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            for (int run = 0; run < 2; run++) {
                long started = System.nanoTime();
                freshness.job("meta_sync").run(steps -> {
                    steps.succeeded(ACME, "ad_assets", 1);
                    steps.succeeded(ACME, "ad_thumbnails", 1);
                });
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat(tookMillis).as("run %s waited its own budget", run)
                        .isGreaterThanOrEqualTo(STORE_TIMEOUT.toMillis() - 50).isLessThan(AT_MOST_MILLIS);
            }
            assertThat(log.messages(Level.WARN)).isNotEmpty();
        } finally {
            hangingForever.release();
        }
    }
}
