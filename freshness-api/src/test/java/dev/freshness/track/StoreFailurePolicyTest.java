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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class StoreFailurePolicyTest {

    private static final Scope ACME = Scope.tenant("acme");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void defaultPolicyIsLogAndContinueAndDefaultTimeoutIsFiveSeconds() {
        assertThat(DatasetFreshness.DEFAULT_STORE_FAILURE_POLICY).isEqualTo(StoreFailurePolicy.LOG_AND_CONTINUE);
        assertThat(DatasetFreshness.DEFAULT_STORE_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
        assertThat(StoreFailurePolicy.LOG_INTERVAL).isEqualTo(Duration.ofMinutes(1));
    }

    @ParameterizedTest(name = "storeMayBlock={0}")
    @ValueSource(booleans = {false, true})
    void storeErrorsAreLoggedAtWarnOnceAMinutePerDatasetWithACountOfTheRest(boolean mayBlock) throws Exception {
        DatasetFreshness freshness = AnyDataset.using(FailingStore.throwingOnEveryCall(mayBlock))
                .withClock(clock).build();
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            for (int i = 0; i < 5; i++) {
                assertThat(freshness.track(ACME, "scorecard").call(() -> "done")).isEqualTo("done");
            }
            assertThat(freshness.track(ACME, "ad_assets").call(() -> 7)).isEqualTo(7);

            List<ILoggingEvent> warnings = log.events(Level.WARN);
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(0).getFormattedMessage())
                    .contains("Could not record the start of run", "tenant:acme/scorecard", "outcome is unchanged")
                    .doesNotContain("not logged");
            assertThat(warnings.get(0).getThrowableProxy().getMessage()).startsWith("store down");
            assertThat(warnings.get(1).getFormattedMessage()).contains("tenant:acme/ad_assets");

            clock.advance(Duration.ofSeconds(59));
            freshness.track(ACME, "scorecard").call(() -> "done");
            assertThat(log.events(Level.WARN)).hasSize(2);

            clock.advance(Duration.ofSeconds(1));
            freshness.track(ACME, "scorecard").call(() -> "done");
            List<String> messages = log.messages(Level.WARN);
            assertThat(messages).hasSize(3);
            // 5 runs of 2 events, then 1 run in the same minute: 12 errors, 1 logged, 11 left out; then 1 logged.
            assertThat(messages.get(2)).contains("(11 more for this dataset were not logged since the last message)");
        }
    }

    @Test
    void defaultPolicyKeepsTheJobsOwnExceptionUntouched() {
        DatasetFreshness freshness = AnyDataset.using(FailingStore.throwingOnEveryCall(false)).withClock(clock).build();
        IOException own = new IOException("disk full");

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            Throwable thrown = catchThrowable(() -> freshness.track(ACME, "scorecard").run(() -> {
                throw own;
            }));

            assertThat(thrown).isSameAs(own);
            assertThat(own.getSuppressed()).isEmpty();
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("Could not record the start");
        }
    }

    @ParameterizedTest(name = "storeMayBlock={0}")
    @ValueSource(booleans = {false, true})
    void strictPolicySurfacesTheStoreErrorAfterASuccessfulJob(boolean mayBlock) {
        RecordingStore store = new FailingStore(mayBlock, FailingStore.Fault.THROW, e -> e instanceof RunEvent.Succeeded);
        DatasetFreshness freshness = strict(store);
        List<String> ran = new CopyOnWriteArrayList<>();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            Throwable thrown = catchThrowable(() -> freshness.track(ACME, "scorecard").run(() -> ran.add("job")));

            assertThat(ran).containsExactly("job");
            assertThat(thrown).isInstanceOf(RecordingFailedException.class)
                    .hasMessageContaining("could not record the success")
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThat(((RecordingFailedException) thrown).event()).isInstanceOf(RunEvent.Succeeded.class);
            assertThat(log.events(Level.WARN)).as("strict surfaces instead of logging").isEmpty();
        }
    }

    @Test
    void strictPolicyGathersEveryStoreErrorOfTheRun() {
        DatasetFreshness freshness = strict(FailingStore.throwingOnEveryCall(true));

        Throwable thrown = catchThrowable(() -> freshness.track(ACME, "scorecard").call(() -> 1));

        assertThat(thrown).isInstanceOf(RecordingFailedException.class);
        assertThat(((RecordingFailedException) thrown).event()).isInstanceOf(RunEvent.Started.class);
        assertThat(thrown.getSuppressed()).singleElement().isInstanceOfSatisfying(RecordingFailedException.class,
                suppressed -> assertThat(suppressed.event()).isInstanceOf(RunEvent.Succeeded.class));
    }

    @Test
    void strictPolicyAddsTheStoreErrorToTheJobsOwnExceptionAsSuppressed() {
        DatasetFreshness freshness = strict(FailingStore.throwingOnEveryCall(false));
        IOException own = new IOException("disk full");

        Throwable thrown = catchThrowable(() -> freshness.track(ACME, "scorecard").call(() -> {
            throw own;
        }));

        assertThat(thrown).isSameAs(own);
        assertThat(own.getSuppressed()).hasSize(1).allSatisfy(suppressed ->
                assertThat(suppressed).isInstanceOf(RecordingFailedException.class).hasMessageContaining("the start"));
    }

    @Test
    void strictPolicyCompletesAnAsyncJobWithTheStoreErrorOrAttachesIt() {
        DatasetFreshness freshness = strict(FailingStore.throwingOnEveryCall(true));

        CompletableFuture<String> succeeded = freshness.track(ACME, "scorecard")
                .callAsync(() -> CompletableFuture.completedFuture("done"));
        assertThat(catchThrowable(() -> JobForms.awaitStage(succeeded))).isInstanceOf(RecordingFailedException.class);

        IOException own = new IOException("disk full");
        CompletableFuture<String> failed = freshness.track(ACME, "scorecard")
                .callAsync(() -> CompletableFuture.failedFuture(own));
        assertThat(catchThrowable(() -> JobForms.awaitStage(failed))).isSameAs(own);
        assertThat(own.getSuppressed()).as("one store failure, the second store error inside it").singleElement()
                .satisfies(surfaced -> assertThat(surfaced.getSuppressed()).hasSize(1));
    }

    @Test
    void strictPolicyOnARunHandleThrowsFromSucceededAndCloseButOnlyAttachesOnFailed() {
        DatasetFreshness freshness = strict(FailingStore.throwingOnEveryCall(false));

        RunHandle first = freshness.start(ACME, "scorecard");
        assertThatThrownBy(() -> first.succeeded(3)).isInstanceOf(RecordingFailedException.class);

        RunHandle second = freshness.start(ACME, "scorecard");
        IllegalStateException own = new IllegalStateException("bad row");
        second.failed(own);
        assertThat(own.getSuppressed()).singleElement().isInstanceOf(RecordingFailedException.class)
                .satisfies(surfaced -> assertThat(surfaced.getSuppressed()).hasSize(1));

        RunHandle third = freshness.start(ACME, "scorecard");
        assertThatThrownBy(third::close).isInstanceOf(RecordingFailedException.class);
    }

    @Test
    void strictPolicyOnAMultiStepRunSurfacesTouchedScopeErrorsWhenTheBodyEnds() {
        DatasetFreshness freshness = strict(FailingStore.throwingOnEveryCall(false));

        Throwable thrown = catchThrowable(() -> freshness.job("template_approval").run(run -> {
            run.touched(ACME, "template_approvals", 2);
        }));

        assertThat(thrown).isInstanceOf(RecordingFailedException.class);
    }

    @Test
    void aHangingStoreIsCancelledAtTheTimeoutAndTheJobKeepsItsValue() throws Exception {
        FailingStore store = new FailingStore(true, FailingStore.Fault.HANG, e -> e instanceof RunEvent.Started);
        List<Throwable> storeErrors = new CopyOnWriteArrayList<>();
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock)
                .withStoreTimeout(Duration.ofMillis(50))
                .withTrackingListener(new TrackingListener() {
                    @Override
                    public void onStoreError(RunEvent event, Throwable error) {
                        storeErrors.add(error);
                    }
                }).build();

        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            assertThat(freshness.track(ACME, "scorecard").call(() -> "done")).isEqualTo("done");
            assertThat(log.events(Level.WARN)).singleElement().satisfies(warning ->
                    assertThat(warning.getThrowableProxy().getClassName()).isEqualTo(TimeoutException.class.getName()));
        }

        // The success shares the hung call when it joined the start's call before that began: it times out too.
        assertThat(storeErrors).hasSizeBetween(1, 2).allSatisfy(error -> assertThat(error)
                .isInstanceOf(TimeoutException.class).hasMessageContaining("PT0.05S"));
        assertThat(store.hangInterrupted.await(10, TimeUnit.SECONDS)).as("the hung call was interrupted").isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.events().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(store.events()).as("the success, written by its own call or after the hung start")
                .isNotEmpty().allSatisfy(event -> assertThat(event).isInstanceOf(RunEvent.Succeeded.class));
    }

    @Test
    void anInterruptedJobStillWaitsForABlockingStoreAndKeepsItsFlag() {
        RecordingStore store = new RecordingStore(true);
        DatasetFreshness freshness = AnyDataset.using(store).withClock(clock).build();

        String value = freshness.track(ACME, "scorecard").call(() -> {
            Thread.currentThread().interrupt();
            return "done";
        });

        assertThat(Thread.interrupted()).isTrue();
        assertThat(value).isEqualTo("done");
        assertThat(store.events()).hasSize(2);
    }

    @Test
    void aStoreThatNeverBlocksIsCalledOnTheJobsThreadAndABlockingOneOnTheStoreExecutor() {
        List<String> threads = new CopyOnWriteArrayList<>();
        class ThreadNoting extends RecordingStore {
            ThreadNoting(boolean mayBlock) {
                super(mayBlock);
            }

            @Override
            public void apply(RunEvent event) {
                threads.add(Thread.currentThread().getName());
                super.apply(event);
            }
        }
        AnyDataset.using(new ThreadNoting(false)).withClock(clock).build().track(ACME, "x").run(() -> { });
        assertThat(threads).containsOnly(Thread.currentThread().getName()).hasSize(2);

        threads.clear();
        AnyDataset.using(new ThreadNoting(true)).withClock(clock).build().track(ACME, "x").run(() -> { });
        assertThat(threads).hasSize(2).allSatisfy(name -> assertThat(name).startsWith("freshness-store-"));
    }

    @Test
    void builderRejectsABadTimeoutOrPolicyNamingTheParameter() {
        DatasetFreshness.Builder builder = AnyDataset.using(new RecordingStore(false));
        assertThatThrownBy(() -> builder.withStoreExecutor(null))
                .isInstanceOf(NullPointerException.class).hasMessage("storeExecutor must not be null");
        assertThatThrownBy(() -> builder.withUndeclaredDatasetPolicy(null))
                .isInstanceOf(NullPointerException.class).hasMessage("undeclaredDatasetPolicy must not be null");
        assertThatThrownBy(() -> builder.withStoreTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("storeTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> builder.withStoreTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> builder.withStoreTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("storeTimeout must not be null");
        assertThatThrownBy(() -> builder.withStoreFailurePolicy(null))
                .isInstanceOf(NullPointerException.class).hasMessage("storeFailurePolicy must not be null");
        assertThatThrownBy(() -> builder.withTrackingListener(null))
                .isInstanceOf(NullPointerException.class).hasMessage("trackingListener must not be null");
    }

    private DatasetFreshness strict(RecordingStore store) {
        return AnyDataset.using(store).withClock(clock).withStoreFailurePolicy(StoreFailurePolicy.STRICT).build();
    }
}
