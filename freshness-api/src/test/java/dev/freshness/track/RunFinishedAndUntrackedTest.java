package dev.freshness.track;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What metrics and traces need from a listener: each outcome as one {@link FinishedRun} (start, end, duration,
 * records, error, job), each run a guard skipped as one {@link UntrackedRun}, and several listeners at once.
 */
class RunFinishedAndUntrackedTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingStore store = new RecordingStore(false);
    private final Heard heard = new Heard();
    private final DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).withTrackingListener(heard).build();

    @Test
    void aSuccessComesWithItsStartEndDurationRecordsAndJob() {
        List<Integer> result = freshness.track(ACME, "scorecard").job("scorecard").runId(RunId.of("r-1"))
                .recordsFrom(List<?>::size).call(() -> {
                    clock.advance(Duration.ofSeconds(42));
                    return List.of(1, 2, 3);
                });

        assertThat(result).hasSize(3);
        FinishedRun run = heard.finished.get(0);
        assertThat(heard.finished).hasSize(1);
        assertThat(run.scope()).isEqualTo(ACME);
        assertThat(run.dataset()).isEqualTo(DatasetKey.of("scorecard"));
        assertThat(run.runId()).isEqualTo(RunId.of("r-1"));
        assertThat(run.jobName()).contains("scorecard");
        assertThat(run.startedAt()).contains(T0);
        assertThat(run.finishedAt()).isEqualTo(T0.plusSeconds(42));
        assertThat(run.duration()).contains(Duration.ofSeconds(42));
        assertThat(run.succeeded()).isTrue();
        assertThat(run.recordsAffected()).isEqualTo(3);
        assertThat(run.error()).isEmpty();
        assertThat(run.outcome()).isInstanceOf(RunEvent.Succeeded.class).isEqualTo(store.events().get(1));
        assertThat(heard.order).containsExactly("started", "succeeded", "finished");
    }

    @Test
    void aFailureComesWithItsRedactedErrorAndNoRecords() {
        IOException own = new IOException("cannot reach jdbc:postgresql://db/x?password=hunter2");

        Throwable thrown = catchThrowable(() -> freshness.track(ACME, "ad_assets").run(() -> {
            clock.advance(Duration.ofMillis(1500));
            throw own;
        }));

        assertThat(thrown).isSameAs(own);
        FinishedRun run = heard.finished.get(0);
        assertThat(run.succeeded()).isFalse();
        assertThat(run.jobName()).isEmpty();
        assertThat(run.duration()).contains(Duration.ofMillis(1500));
        assertThat(run.recordsAffected()).isZero();
        assertThat(run.error()).get().extracting(JobError::type).isEqualTo(IOException.class.getName());
        assertThat(run.error().orElseThrow().message()).doesNotContain("hunter2");
        assertThat(heard.order).containsExactly("started", "failed", "finished");
    }

    @Test
    void everyWayOfEndingARunIsHeardOnce() throws Exception {
        try (RunHandle handle = freshness.start(ACME, "ad_assets")) {
            clock.advance(Duration.ofSeconds(5));
            handle.succeeded(7);
        }
        RunHandle closedWithoutOutcome = freshness.start(ACME, "ad_thumbnails");
        clock.advance(Duration.ofSeconds(1));
        closedWithoutOutcome.close();
        freshness.track(ACME, "scorecard").callAsync(() -> CompletableFuture.completedFuture("done")).join();
        freshness.job("meta_sync").run(run -> {
            run.touched(ACME, "ad_classifications", 4);
            run.touched(Scope.global(), "ad_classifications", 9);
            clock.advance(Duration.ofSeconds(3));
            run.succeeded(Scope.global(), "meta_ads_performance", 11);
        });

        assertThat(heard.finished).extracting(run -> run.dataset().value() + " " + run.scope().key() + " "
                        + run.succeeded() + " " + run.recordsAffected() + " " + run.duration().map(Duration::toSeconds)
                        .map(String::valueOf).orElse("-") + " " + run.jobName().orElse("-"))
                .containsExactlyInAnyOrder(
                        "ad_assets acme true 7 5 -",
                        "ad_thumbnails acme false 0 1 -",
                        "scorecard acme true 0 0 -",
                        "meta_ads_performance * true 11 - meta_sync",
                        "ad_classifications acme true 4 3 meta_sync",
                        "ad_classifications * true 9 3 meta_sync");
    }

    @Test
    void eachGuardSaysWhyTheRunWasNotTracked() throws Exception {
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            freshness.track((Scope) null, "ad_creations").job("ad_creation").run(() -> { });
            assertThat(log.messages(Level.WARN)).singleElement().asString().startsWith("A job of ad_creations ran untracked");
        }
        freshness.track(Optional.empty(), "congruence_analysis").run(() -> { });
        freshness.track(ACME, "scorecard").onlyIf(false).call(() -> 1);
        freshness.job("template_approval").run(run -> run.track(Optional.empty(), "template_approvals").run(() -> { }));

        assertThat(heard.untracked).containsExactly(
                new UntrackedRun(DatasetKey.of("ad_creations"), "ad_creation", UntrackedRun.Reason.NULL_SCOPE),
                new UntrackedRun(DatasetKey.of("congruence_analysis"), null, UntrackedRun.Reason.NO_SCOPE),
                new UntrackedRun(DatasetKey.of("scorecard"), null, UntrackedRun.Reason.CONDITION_FALSE),
                new UntrackedRun(DatasetKey.of("template_approvals"), "template_approval", UntrackedRun.Reason.NO_SCOPE));
        assertThat(heard.finished).isEmpty();
        assertThat(store.events()).isEmpty();
    }

    @Test
    void aJobRunnersRunIsHeardAsAWholeAroundItsSequentialSteps() {
        freshness.job("meta_sync").runId(RunId.of("sync-1")).run(run -> {
            clock.advance(Duration.ofSeconds(1));
            run.track(ACME, "meta_ads_performance").run(step -> step.recordsAffected(120));
            clock.advance(Duration.ofSeconds(2));
            run.track(ACME, "ad_thumbnails").run(step -> step.recordsAffected(3));
        });

        assertThat(heard.order).containsExactly("job started", "started", "succeeded", "finished",
                "started", "succeeded", "finished", "job finished");
        assertThat(heard.jobRuns).containsExactly(new JobRun(RunId.of("sync-1"), "meta_sync", T0, null, null),
                new JobRun(RunId.of("sync-1"), "meta_sync", T0, T0.plusSeconds(3), null));
    }

    @Test
    void aJobRunWhoseBodyThrowsEndsWithTheRedactedErrorAfterItsTouchedScopesFailed() {
        IOException own = new IOException("token=EAAB-secret expired");

        Throwable thrown = catchThrowable(() -> freshness.job("template_approval").run(run -> {
            run.touched(ACME, "template_approvals", 1);
            clock.advance(Duration.ofSeconds(5));
            throw own;
        }));

        assertThat(thrown).isSameAs(own);
        assertThat(heard.order).containsExactly("job started", "started", "failed", "finished", "job finished");
        JobRun ended = heard.jobRuns.get(1);
        assertThat(ended.runId()).isEqualTo(heard.finished.get(0).runId());
        assertThat(ended.finishedAt()).contains(T0.plusSeconds(5));
        assertThat(ended.error()).get().extracting(JobError::type).isEqualTo(IOException.class.getName());
        assertThat(ended.error().orElseThrow().message()).doesNotContain("EAAB-secret");
    }

    @Test
    void aJobRunIsCheckedWhenMade() {
        JobError error = JobError.of(new IOException("x"));

        assertThatThrownBy(() -> new JobRun(RunId.of("r"), "j", T0, T0.minusSeconds(1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("finishedAt must not be before");
        assertThatThrownBy(() -> new JobRun(RunId.of("r"), "j", T0, null, error))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must have finished");
        assertThatThrownBy(() -> new JobRun(RunId.of("r"), "bad job", T0, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("jobName 'bad job'");
        assertThatThrownBy(() -> new JobRun(null, "j", T0, null, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("runId");
        assertThat(new JobRun(RunId.of("r"), "j", T0, T0, error)).isEqualTo(new JobRun(RunId.of("r"), "j", T0, T0, error))
                .hasSameHashCodeAs(new JobRun(RunId.of("r"), "j", T0, T0, error))
                .isNotEqualTo(new JobRun(RunId.of("r"), "j", T0, null, null));
    }

    @Test
    void aCompositeTellsEveryListenerEvenWhenOneThrows() {
        Heard first = new Heard();
        Heard last = new Heard();
        TrackingListener throwing = new TrackingListener() {
            @Override
            public void onRunFinished(FinishedRun run) {
                throw new IllegalStateException("listener broke");
            }
        };
        DatasetFreshness composed = AnyDataset.using(store).withClock(clock)
                .withTrackingListener(TrackingListener.composite(first, throwing, last)).build();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            composed.track(ACME, "scorecard").run(() -> { });
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Tracking listener").contains("threw on an event of run", "ignored");
        }
        composed.job("scorecard").run(run -> { });

        assertThat(first.order).containsExactly("started", "succeeded", "finished", "job started", "job finished");
        assertThat(last.order).containsExactly("started", "succeeded", "finished", "job started", "job finished");
        assertThatThrownBy(() -> TrackingListener.composite(first, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("listeners[1] must not be null");
    }

    @Test
    void aFinishedRunIsCheckedWhenMade() {
        RunEvent.Started start = new RunEvent.Started(ACME, DatasetKey.of("x"), RunId.of("r"), T0, null);
        RunEvent.Succeeded success = new RunEvent.Succeeded(ACME, DatasetKey.of("x"), RunId.of("r"), T0, 1);

        assertThatThrownBy(() -> new FinishedRun(null, null, start)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("outcome must be a Succeeded or Failed event");
        assertThatThrownBy(() -> new FinishedRun(null, T0.plusSeconds(1), success))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startedAt must not be after");
        assertThatThrownBy(() -> new FinishedRun("bad job", T0, success))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("jobName 'bad job'");
        assertThatThrownBy(() -> new UntrackedRun(DatasetKey.of("x"), null, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("reason");
        assertThat(new FinishedRun("j", T0, success)).isEqualTo(new FinishedRun("j", T0, success))
                .hasSameHashCodeAs(new FinishedRun("j", T0, success)).isNotEqualTo(new FinishedRun(null, T0, success));
    }

    private static final class Heard implements TrackingListener {
        final List<String> order = new CopyOnWriteArrayList<>();
        final List<FinishedRun> finished = new CopyOnWriteArrayList<>();
        final List<UntrackedRun> untracked = new CopyOnWriteArrayList<>();
        final List<JobRun> jobRuns = new CopyOnWriteArrayList<>();

        @Override
        public void onRunStarted(RunEvent.Started event) {
            order.add("started");
        }

        @Override
        public void onRunSucceeded(RunEvent.Succeeded event) {
            order.add("succeeded");
        }

        @Override
        public void onRunFailed(RunEvent.Failed event) {
            order.add("failed");
        }

        @Override
        public void onRunFinished(FinishedRun run) {
            order.add("finished");
            finished.add(run);
        }

        @Override
        public void onJobRunStarted(JobRun run) {
            order.add("job started");
            jobRuns.add(run);
        }

        @Override
        public void onJobRunFinished(JobRun run) {
            order.add("job finished");
            jobRuns.add(run);
        }

        @Override
        public void onRunUntracked(UntrackedRun run) {
            untracked.add(run);
        }
    }
}
