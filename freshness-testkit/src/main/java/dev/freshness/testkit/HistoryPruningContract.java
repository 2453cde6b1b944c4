package dev.freshness.testkit;

import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link dev.freshness.spi.FreshnessStore#pruneHistory}: records whose last activity is strictly before the
 * cutoff go, in flight or not, except each (scope, dataset)'s record of the run holding its last success.
 * Last start, success and failure never change; a pruned run in flight is no longer in flight.
 */
abstract class HistoryPruningContract extends ContractPart {

    private static final Scope ACME = tenant("acme");

    @Test
    void oldRecordsGoButTheLatestSuccessStays() {
        apply(started(ACME, "orders", "run-1", at(0)), succeeded(ACME, "orders", "run-1", at(1), 1),
                failed(ACME, "orders", "run-2", at(2), "boom"),
                succeeded(ACME, "orders", "run-3", at(3), 3),
                started(ACME, "orders", "run-4", at(4)),
                failed(ACME, "orders", "run-5", at(100), "recent"));
        DatasetStatus before = statusOf(ACME, "orders");

        assertThat(store().pruneHistory(at(50))).isEqualTo(3);

        assertThat(store().history(ACME, key("orders"), 10)).extracting(record -> record.runId().value())
                .containsExactly("run-5", "run-3");
        assertThat(store().runHistory(run("run-1"))).isEmpty();
        DatasetStatus after = statusOf(ACME, "orders");
        assertThat(after.lastStart()).isEqualTo(before.lastStart());
        assertThat(after.lastSuccess()).isEqualTo(before.lastSuccess());
        assertThat(after.lastFailure()).isEqualTo(before.lastFailure());
        assertThat(before.runsInFlight()).extracting(DatasetStatus.Start::runId).containsExactly(run("run-4"));
        assertThat(after.runsInFlight()).isEmpty();
    }

    @Test
    void theLatestSuccessStaysEvenWhenItsRunFailedLaterOrIsTheOnlyRecord() {
        Scope other = tenant("other");
        apply(succeeded(ACME, "orders", "run-1", at(1), 1), failed(ACME, "orders", "run-1", at(2), "then failed"),
                succeeded(other, "orders", "run-9", at(1), 9));

        assertThat(store().pruneHistory(at(1_000))).isZero();

        assertThat(recordOf(ACME, "orders", "run-1").outcome()).isEqualTo(RunRecord.Outcome.FAILED);
        assertThat(recordOf(other, "orders", "run-9").outcome()).isEqualTo(RunRecord.Outcome.SUCCEEDED);
    }

    @Test
    void aRecordActiveExactlyAtTheCutoffOrAfterStays() {
        apply(succeeded(ACME, "orders", "run-last", at(100), 1),
                failed(ACME, "orders", "run-at-cutoff", at(10), "boom"),
                started(ACME, "orders", "run-finished-after", at(1)), failed(ACME, "orders", "run-finished-after", at(11), "x"),
                started(ACME, "orders", "run-started-after", at(12)), failed(ACME, "orders", "run-started-after", at(2), "skewed"),
                failed(ACME, "orders", "run-before", T0.plusSeconds(10).minusMillis(1), "y"));

        assertThat(store().pruneHistory(at(10))).isEqualTo(1);

        assertThat(store().history(ACME, key("orders"), 10)).extracting(record -> record.runId().value())
                .containsExactlyInAnyOrder("run-last", "run-at-cutoff", "run-finished-after", "run-started-after");
    }

    @Test
    void pruningCoversEveryScopeAndDatasetAndIsIdempotent() {
        apply(failed(Scope.global(), "orders", "run-1", at(1), "a"), failed(ACME, "users", "run-1", at(1), "b"),
                started(tenant("other"), "orders", "run-2", at(1)), succeeded(ACME, "users", "run-3", at(50), 3));

        assertThat(store().pruneHistory(at(10))).isEqualTo(3);
        assertThat(store().pruneHistory(at(10))).isZero();

        assertThat(store().runHistory(run("run-1"))).isEmpty();
        assertThat(store().runHistory(run("run-2"))).isEmpty();
        assertThat(statusOf(tenant("other"), "orders").runsInFlight()).isEmpty();
        assertThat(statusOf(tenant("other"), "orders").lastStart()).contains(new DatasetStatus.Start(run("run-2"), at(1)));
        assertThat(statusOf(Scope.global(), "orders").lastFailure().orElseThrow().runId()).isEqualTo(run("run-1"));
    }

    @Test
    void aStatusIsStillReadAfterAllItsHistoryIsPruned() {
        apply(failed(ACME, "orders", "run-1", at(1), "boom"));
        DatasetStatus before = statusOf(ACME, "orders");

        store().pruneHistory(at(1_000));

        assertThat(store().history(ACME, key("orders"), 10)).isEmpty();
        assertThat(statusOf(ACME, "orders")).isEqualTo(before);
    }
}
