package dev.freshness.track;

import dev.freshness.DatasetFreshness;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class JobRunnerTest {

    private static final Scope ACME = Scope.tenant("acme");
    private final RecordingStore store = new RecordingStore(false);
    private final DatasetFreshness freshness = AnyDataset.using(store)
            .withClock(new MutableClock(Instant.parse("2026-03-01T10:00:00Z"))).build();

    @Test
    void stepsRecordUnderTheRunsIdAndJobNameAndTheBodysValueIsReturned() {
        String value = freshness.job("meta_sync").runId(RunId.of("sched-1")).call(run -> {
            run.track(ACME, "ad_thumbnails").run(step -> step.recordsAffected(3));
            return "synced";
        });

        assertThat(value).isEqualTo("synced");
        assertThat(store.events()).hasSize(2).allSatisfy(event -> assertThat(event.runId()).isEqualTo(RunId.of("sched-1")));
        assertThat(store.events().get(0)).isInstanceOfSatisfying(RunEvent.Started.class,
                started -> assertThat(started.jobName()).isEqualTo("meta_sync"));
    }

    @Test
    void touchedScopesGetOneOutcomeEachWithTheirOwnTotalWhenTheBodyEnds() {
        freshness.job("template_approval").run(run -> {
            run.touched(Scope.tenant("a"), "template_approvals", 1);
            run.touched(Scope.tenant("b"), "template_approvals", 1);
            run.touched(Scope.tenant("a"), "template_approvals", 1);
            assertThat(store.events()).as("starts only, at first touch").hasSize(2)
                    .allSatisfy(event -> assertThat(event).isInstanceOf(RunEvent.Started.class));
        });

        assertThat(store.events()).filteredOn(RunEvent.Succeeded.class::isInstance)
                .map(event -> event.scope().key() + "=" + ((RunEvent.Succeeded) event).recordsAffected())
                .containsExactlyInAnyOrder("a=2", "b=1");
    }

    @Test
    void aFailingBodyFailsEveryTouchedScopeAndKeepsItsException() {
        IOException own = new IOException("queue gone");
        Throwable thrown = catchThrowable(() -> freshness.job("template_approval").run(run -> {
            run.touched(Scope.tenant("a"), "template_approvals", 1);
            throw own;
        }));

        assertThat(thrown).isSameAs(own);
        assertThat(store.events()).last().isInstanceOfSatisfying(RunEvent.Failed.class,
                failed -> assertThat(failed.error().shortForm()).isEqualTo("IOException: queue gone"));
    }

    @Test
    void aRunUsedAfterItsBodyEndedSaysSo() {
        AtomicReference<Run> leaked = new AtomicReference<>();
        freshness.job("meta_sync").run(leaked::set);

        assertThatThrownBy(() -> leaked.get().touched(ACME, "x", 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has finished");
        assertThatThrownBy(() -> leaked.get().track(ACME, "x"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.events()).isEmpty();
    }

    @Test
    void immediateOutcomesAndBadCountsAreCheckedFirst() {
        freshness.job("template_approval").run(run -> {
            assertThatThrownBy(() -> run.touched(ACME, "x", -1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> run.succeeded(ACME, "x", -1)).isInstanceOf(IllegalArgumentException.class);
            run.succeeded(Scope.global(), "template_approvals", 9);
            run.failed(ACME, "template_approvals", new IllegalStateException("rejected"));
        });

        assertThat(store.events()).extracting(event -> event.getClass().getSimpleName() + " " + event.scope())
                .containsExactly("Succeeded global", "Failed tenant:acme");
        assertThat(List.copyOf(store.events())).allSatisfy(event -> assertThat(event.dataset().value()).isEqualTo("template_approvals"));
    }
}
