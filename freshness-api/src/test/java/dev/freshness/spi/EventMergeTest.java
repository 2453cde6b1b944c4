package dev.freshness.spi;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.RunRecord.Outcome;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventMergeTest {

    private static final Scope ACME = Scope.tenant("acme");
    private static final DatasetKey ORDERS = DatasetKey.of("orders");
    private static final Instant T = Instant.parse("2026-01-05T09:00:00Z");
    private static final JobError ERROR = JobError.of("E", "boom", null);

    private static RunId run(String id) {
        return RunId.of(id);
    }

    private static RunEvent.Started started(String runId, int second) {
        return new RunEvent.Started(ACME, ORDERS, run(runId), T.plusSeconds(second), "job");
    }

    private static RunEvent.Succeeded succeeded(String runId, int second) {
        return new RunEvent.Succeeded(ACME, ORDERS, run(runId), T.plusSeconds(second), 7);
    }

    private static RunEvent.Failed failed(String runId, int second) {
        return new RunEvent.Failed(ACME, ORDERS, run(runId), T.plusSeconds(second), ERROR);
    }

    @Test
    void aGreaterInstantOrAnEqualInstantWithAGreaterRunIdSupersedes() {
        assertThat(EventMerge.supersedes(T.plusNanos(1), run("a"), T, run("b"))).isTrue();
        assertThat(EventMerge.supersedes(T, run("b"), T, run("a"))).isTrue();
        assertThat(EventMerge.supersedes(T, run("a"), T, run("a"))).isFalse();
        assertThat(EventMerge.supersedes(T, run("a"), T, run("b"))).isFalse();
        assertThat(EventMerge.supersedes(T.minusNanos(1), run("z"), T, run("a"))).isFalse();
    }

    @Nested
    class IntoAStatus {

        private final DatasetStatus empty = DatasetStatus.empty(ACME, ORDERS);

        @Test
        void eachKindFillsItsOwnFact() {
            DatasetStatus status = EventMerge.merge(EventMerge.merge(EventMerge.merge(empty,
                    started("r1", 0)), succeeded("r1", 1)), failed("r2", 2));

            assertThat(status.lastStart()).contains(new DatasetStatus.Start(run("r1"), T));
            assertThat(status.lastSuccess()).contains(new DatasetStatus.Success(run("r1"), T.plusSeconds(1), 7));
            assertThat(status.lastFailure()).contains(new DatasetStatus.Failure(run("r2"), T.plusSeconds(2), ERROR));
            assertThat(status.runsInFlight()).as("follows from history, not from the status merge").isEmpty();
        }

        @Test
        void aNewerEventReplacesAnOlderOneOfItsKind() {
            DatasetStatus status = EventMerge.merge(EventMerge.merge(empty, succeeded("r1", 1)), succeeded("r2", 2));

            assertThat(status.lastSuccess().orElseThrow().runId()).isEqualTo(run("r2"));
        }

        @Test
        void anOlderOrRepeatedEventReturnsTheSameStatus() {
            DatasetStatus status = EventMerge.merge(empty, succeeded("r2", 2));

            assertThat(EventMerge.merge(status, succeeded("r1", 1))).isSameAs(status);
            assertThat(EventMerge.merge(status, succeeded("r2", 2))).isSameAs(status);
            assertThat(EventMerge.merge(status, succeeded("r1", 2))).as("equal instant, smaller run id").isSameAs(status);
        }

        @Test
        void runsInFlightAreLeftAsTheyAre() {
            DatasetStatus.Start inFlight = new DatasetStatus.Start(run("r9"), T);
            DatasetStatus status = empty.withRunsInFlight(List.of(inFlight));

            assertThat(EventMerge.merge(status, succeeded("r9", 5)).runsInFlight()).containsExactly(inFlight);
        }

        @Test
        void rejectsAnEventOfAnotherPairAndNulls() {
            RunEvent other = new RunEvent.Started(Scope.global(), ORDERS, run("r1"), T, null);

            assertThatThrownBy(() -> EventMerge.merge(empty, other))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot merge");
            assertThatThrownBy(() -> EventMerge.merge(empty, (RunEvent) null))
                    .isInstanceOf(NullPointerException.class).hasMessage("event must not be null");
            assertThatThrownBy(() -> EventMerge.merge((DatasetStatus) null, started("r1", 0)))
                    .isInstanceOf(NullPointerException.class).hasMessage("status must not be null");
        }
    }

    @Nested
    class IntoARunRecord {

        @Test
        void aFirstEventCreatesTheRecord() {
            assertThat(EventMerge.merge((RunRecord) null, started("r1", 0)))
                    .isEqualTo(new RunRecord(ACME, ORDERS, run("r1"), "job", T, null, null, 0, null));
            assertThat(EventMerge.merge((RunRecord) null, succeeded("r1", 1)))
                    .isEqualTo(new RunRecord(ACME, ORDERS, run("r1"), null, null, T.plusSeconds(1), Outcome.SUCCEEDED, 7, null));
            assertThat(EventMerge.merge((RunRecord) null, failed("r1", 1)))
                    .isEqualTo(new RunRecord(ACME, ORDERS, run("r1"), null, null, T.plusSeconds(1), Outcome.FAILED, 0, ERROR));
        }

        @Test
        void aStartArrivingAfterTheOutcomeFillsInTheStart() {
            RunRecord finished = EventMerge.merge((RunRecord) null, succeeded("r1", 5));

            assertThat(EventMerge.merge(finished, started("r1", 0)))
                    .isEqualTo(new RunRecord(ACME, ORDERS, run("r1"), "job", T, T.plusSeconds(5), Outcome.SUCCEEDED, 7, null));
        }

        @Test
        void theLaterOutcomeWinsInEitherOrder() {
            RunRecord successThenFailure = merge(started("r1", 0), succeeded("r1", 1), failed("r1", 2));
            RunRecord failureThenSuccess = merge(started("r1", 0), failed("r1", 2), succeeded("r1", 1));

            RunRecord expected = new RunRecord(ACME, ORDERS, run("r1"), "job", T, T.plusSeconds(2), Outcome.FAILED, 0, ERROR);
            assertThat(successThenFailure).isEqualTo(expected);
            assertThat(failureThenSuccess).isEqualTo(expected);
            assertThat(merge(failed("r1", 1), succeeded("r1", 2)).outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(merge(succeeded("r1", 2), failed("r1", 1)).outcome()).isEqualTo(Outcome.SUCCEEDED);
        }

        @Test
        void aFailureWinsATieInEitherOrder() {
            assertThat(merge(succeeded("r1", 1), failed("r1", 1)).outcome()).isEqualTo(Outcome.FAILED);
            assertThat(merge(failed("r1", 1), succeeded("r1", 1)).outcome()).isEqualTo(Outcome.FAILED);
        }

        @Test
        void aRepeatedEventReturnsTheSameRecord() {
            RunRecord record = merge(started("r1", 0), succeeded("r1", 1));

            assertThat(EventMerge.merge(record, succeeded("r1", 1))).isSameAs(record);
            assertThat(EventMerge.merge(record, started("r1", 0))).isSameAs(record);
        }

        @Test
        void theJobNameOfTheStartIsKeptWhenTheOutcomeArrives() {
            assertThat(merge(started("r1", 0), failed("r1", 1)).jobName()).isEqualTo("job");
        }

        @Test
        void rejectsAnEventOfAnotherRunOrPair() {
            RunRecord record = merge(started("r1", 0));

            assertThatThrownBy(() -> EventMerge.merge(record, started("r2", 0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot merge");
            assertThatThrownBy(() -> EventMerge.merge(record,
                    new RunEvent.Started(ACME, DatasetKey.of("users"), run("r1"), T, null)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> EventMerge.merge(record, (RunEvent) null))
                    .isInstanceOf(NullPointerException.class).hasMessage("event must not be null");
        }

        private RunRecord merge(RunEvent... events) {
            RunRecord record = null;
            for (RunEvent event : events) {
                record = EventMerge.merge(record, event);
            }
            return record;
        }
    }
}
