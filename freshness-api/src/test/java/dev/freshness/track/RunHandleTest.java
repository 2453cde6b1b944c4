package dev.freshness.track;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunHandleTest {

    private static final Scope ACME = Scope.tenant("acme");
    private final RecordingStore store = new RecordingStore(false);
    private final DatasetFreshness freshness = AnyDataset.using(store)
            .withClock(new MutableClock(Instant.parse("2026-03-01T10:00:00Z"))).build();

    @Test
    void startRecordsAtOnceAndTheOutcomeWhenReported() {
        try (RunHandle run = freshness.track(ACME, "ad_assets").job("asset_download").runId(RunId.of("sched-7")).start()) {
            assertThat(store.events()).singleElement().isInstanceOfSatisfying(RunEvent.Started.class, started -> {
                assertThat(started.jobName()).isEqualTo("asset_download");
                assertThat(started.runId()).isEqualTo(RunId.of("sched-7"));
            });
            assertThat(run.runId()).isEqualTo(RunId.of("sched-7"));
            run.succeeded(12);
        }
        assertThat(store.events()).hasSize(2).last().isInstanceOfSatisfying(RunEvent.Succeeded.class,
                succeeded -> assertThat(succeeded.recordsAffected()).isEqualTo(12));
    }

    @Test
    void closingWithNoOutcomeRecordsAFailureThatSaysSoOnce() {
        RunHandle run = freshness.start(ACME, "ad_assets");
        run.close();
        run.close();

        assertThat(store.events()).hasSize(2).last().isInstanceOfSatisfying(RunEvent.Failed.class, failed -> {
            assertThat(failed.error()).isEqualTo(RunHandle.CLOSED_WITHOUT_OUTCOME);
            assertThat(failed.error().message()).contains("closed before succeeded(...) or failed(...)");
        });
    }

    @Test
    void anExceptionInsideTryWithResourcesWithoutFailedRecordsTheMissingOutcomeAndKeepsTheException() {
        IllegalStateException own = new IllegalStateException("boom");
        assertThatThrownBy(() -> {
            try (RunHandle run = freshness.start(ACME, "ad_assets")) {
                assertThat(run.tracked()).isTrue();
                throw own;
            }
        }).isSameAs(own);
        assertThat(store.events()).last().isInstanceOf(RunEvent.Failed.class);
        assertThat(own.getSuppressed()).isEmpty();
    }

    @Test
    void failedRecordsTheRealErrorAndCloseAddsNothing() {
        try (RunHandle run = freshness.start(ACME, "ad_assets")) {
            run.failed(new IllegalStateException("quota exceeded"));
        }
        assertThat(store.events()).hasSize(2).last().isInstanceOfSatisfying(RunEvent.Failed.class,
                failed -> assertThat(failed.error().shortForm()).isEqualTo("IllegalStateException: quota exceeded"));
    }

    @Test
    void aNegativeCountIsRejectedAndNothingIsRecordedForIt() {
        RunHandle run = freshness.start(ACME, "ad_assets");
        assertThatThrownBy(() -> run.succeeded(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("recordsAffected must be >= 0, was -1");
        assertThatThrownBy(() -> run.failed(null))
                .isInstanceOf(NullPointerException.class).hasMessage("error must not be null");
        assertThat(store.events()).hasSize(1);
        run.succeeded();
        assertThat(store.events()).last().isInstanceOfSatisfying(RunEvent.Succeeded.class,
                succeeded -> assertThat(succeeded.recordsAffected()).isZero());
    }
}
