package dev.freshness.track;

import ch.qos.logback.classic.Level;
import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * No scope known, or a false condition: the job runs as it is and nothing is recorded. A debug line says why,
 * except for a null scope, which is more often a bug than a choice and is warned about (see {@link NullScopeTest}).
 */
class GuardsTest {

    private final RecordingStore store = new RecordingStore(false);
    private final DatasetFreshness freshness = AnyDataset.using(store)
            .withClock(new MutableClock(Instant.parse("2026-03-01T10:00:00Z"))).build();

    @Test
    void aNullScopeRunsTheJobAndRecordsNothing() throws Exception {
        Scope unknown = null;
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            assertThat(freshness.track(unknown, "ad_creations").call(() -> "ads")).isEqualTo("ads");
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("A job of ad_creations ran untracked: its scope is null.");
        }
        assertThat(store.events()).isEmpty();
    }

    @Test
    void anEmptyOptionalScopeRunsTheJobAndRecordsNothingAndKeepsItsException() {
        IOException own = new IOException("no product");
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            Throwable thrown = catchThrowable(() -> freshness.track(Optional.empty(), "ad_creations").run(() -> {
                throw own;
            }));
            assertThat(thrown).isSameAs(own);
            assertThat(log.messages(Level.DEBUG)).containsExactly("Running ad_creations untracked: no scope is known");
        }
        assertThat(store.events()).isEmpty();
    }

    @Test
    void aFalseConditionRunsTheJobAndRecordsNothingInEveryForm() throws Exception {
        TrackedJob skipped = freshness.track(Scope.tenant("acme"), "congruence_analysis").onlyIf(false);
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            skipped.run(context -> assertThat(context.tracked()).isFalse());
            assertThat(skipped.decorateSupplier(() -> 1).get()).isEqualTo(1);
            assertThat(skipped.callAsync(() -> CompletableFuture.completedFuture(2)).join()).isEqualTo(2);
            try (RunHandle handle = skipped.start()) {
                assertThat(handle.tracked()).isFalse();
                handle.succeeded(4);
            }
            assertThat(log.messages(Level.DEBUG)).hasSize(4)
                    .allSatisfy(message -> assertThat(message).endsWith("its onlyIf condition is false"));
        }
        assertThat(store.events()).isEmpty();
    }

    @Test
    void aTrueConditionRecords() {
        freshness.track(Scope.tenant("acme"), "congruence_analysis").onlyIf(true).run(() -> { });
        assertThat(store.events()).hasSize(2);
    }

    @Test
    void anUntrackedJobStillSeesItsSuppliedRunIdAndDataset() {
        RunId runId = RunId.of("sched-42");
        try (CapturedLog log = CapturedLog.of(CapturedLog.TRACKING)) {
            freshness.track((Scope) null, "ad_creations").runId(runId).run(context -> {
                assertThat(context.runId()).isEqualTo(runId);
                assertThat(context.scope()).isEmpty();
                assertThat(context.dataset().value()).isEqualTo("ad_creations");
                assertThat(context.tracked()).isFalse();
            });
            assertThat(log.messages(Level.WARN)).singleElement().asString().contains("ran untracked");
        }
        assertThat(store.events()).isEmpty();
    }

    @Test
    void badArgumentsAreRejectedBeforeTheJobRunsEvenWhenUntracked() {
        List<String> ran = new java.util.ArrayList<>();
        assertThatThrownBy(() -> freshness.track((Scope) null, "ad creations").run(() -> ran.add("job")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataset key 'ad creations'");
        assertThatThrownBy(() -> freshness.track(Scope.tenant("acme"), "x").job("bad name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jobName 'bad name'");
        assertThatThrownBy(() -> freshness.track((Optional<Scope>) null, "x"))
                .isInstanceOf(NullPointerException.class).hasMessage("scope must not be null");
        assertThatThrownBy(() -> freshness.track(Scope.tenant("acme"), "x").runId(null))
                .isInstanceOf(NullPointerException.class).hasMessage("runId must not be null");
        assertThatThrownBy(() -> freshness.track(Scope.tenant("acme"), "x").call((ThrowingSupplier<Object, RuntimeException>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("job must not be null");
        assertThatThrownBy(() -> freshness.job("meta sync"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jobName 'meta sync'");
        assertThat(ran).isEmpty();
        assertThat(store.events()).isEmpty();
    }
}
