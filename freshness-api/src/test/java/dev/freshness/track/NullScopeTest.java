package dev.freshness.track;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A null scope is more often a bug (a tenant lookup that found nothing) than a choice: the job still runs and
 * nothing is recorded, but a WARN says so, at most once a minute per dataset on the instance's clock. Saying
 * "no scope" on purpose, with {@code Optional.empty()} or {@code onlyIf(false)}, stays quiet.
 */
class NullScopeTest {

    private static final Scope NO_SCOPE = null;

    private final RecordingStore store = new RecordingStore(false);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).build();

    @Test
    void theJobRunsAndNothingIsRecordedWithOneWarningPerDatasetPerMinute() throws Exception {
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            assertThat(freshness.track(NO_SCOPE, "ad_creations").call(() -> "ads")).isEqualTo("ads");
            assertThat(freshness.track(NO_SCOPE, "ad_creations").call(() -> "more ads")).isEqualTo("more ads");
            freshness.track(NO_SCOPE, "ad_creations").run(() -> { });
            assertThat(log.messages(Level.WARN)).containsExactly("A job of ad_creations ran untracked: its scope is null."
                    + " If no scope is known on purpose, pass Optional.empty() or use onlyIf(false) to skip tracking quietly.");

            freshness.track(NO_SCOPE, "scorecard").run(() -> { });
            assertThat(log.messages(Level.WARN)).as("another dataset has its own minute").hasSize(2)
                    .last().asString().startsWith("A job of scorecard ran untracked");

            clock.advance(Duration.ofSeconds(59));
            freshness.track(NO_SCOPE, "ad_creations").run(() -> { });
            assertThat(log.messages(Level.WARN)).hasSize(2);

            clock.advance(Duration.ofSeconds(1));
            freshness.track(NO_SCOPE, "ad_creations").run(() -> { });
            List<String> warnings = log.messages(Level.WARN);
            assertThat(warnings).hasSize(3);
            assertThat(warnings.get(2)).startsWith("A job of ad_creations ran untracked")
                    .endsWith("(3 more for this dataset were not logged since the last message)");
        }
        assertThat(store.writes()).isEmpty();
    }

    @Test
    void theMinuteIsTheInstancesClockNotTheWallClock() throws Exception {
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            freshness.track(NO_SCOPE, "ad_creations").run(() -> { });
            Thread.sleep(20);
            freshness.track(NO_SCOPE, "ad_creations").run(() -> { });
            clock.advance(StoreFailurePolicy.LOG_INTERVAL);
            freshness.track(NO_SCOPE, "ad_creations").run(() -> { });

            assertThat(log.messages(Level.WARN)).hasSize(2);
        }
    }

    @Test
    void everyFormOfANullScopeJobRunsAndIsWarnedAbout() throws Exception {
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            TrackedJob tracked = freshness.track(NO_SCOPE, "ad_creations");
            assertThat(tracked.decorateSupplier(() -> 1).get()).isEqualTo(1);
            assertThat(tracked.callAsync(() -> CompletableFuture.completedFuture(2)).join()).isEqualTo(2);
            try (RunHandle handle = freshness.start(NO_SCOPE, "ad_assets")) {
                assertThat(handle.tracked()).isFalse();
                handle.succeeded(3);
            }
            assertThat(freshness.track(NO_SCOPE, "scorecard").onlyIf(false).call(() -> 4)).isEqualTo(4);

            assertThat(log.messages(Level.WARN)).hasSize(3).allSatisfy(message -> assertThat(message).contains("ran untracked"));
        }
        assertThat(store.writes()).isEmpty();
    }

    @Test
    void anEmptyOptionalOrAFalseConditionIsQuiet() throws Exception {
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            for (int i = 0; i < 3; i++) {
                assertThat(freshness.track(Optional.empty(), "ad_creations").call(() -> "ads")).isEqualTo("ads");
                assertThat(freshness.track(Scope.tenant("acme"), "congruence_analysis").onlyIf(false).call(() -> 1)).isEqualTo(1);
                freshness.job("meta_sync").run(run -> run.track(Optional.empty(), "ad_assets").run(() -> { }));
            }

            assertThat(log.messages(Level.WARN)).isEmpty();
            assertThat(log.messages(Level.DEBUG)).hasSize(9).allSatisfy(message -> assertThat(message).startsWith("Running "));
        }
        assertThat(store.writes()).isEmpty();
    }
}
