package dev.freshness.testkit;

import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run that reports both a success and a failure for one (scope, dataset): <b>the last outcome wins</b>, in
 * whichever order the two arrive. Both are kept in the status as facts; the run's history outcome is the one
 * with the greater instant, and a failure wins a tie.
 */
abstract class OutcomeConflictContract extends ContractPart {

    private static final Scope ACME = tenant("acme");

    @ParameterizedTest(name = "success first: {0}")
    @ValueSource(booleans = {true, false})
    void aLaterSuccessWins(boolean successArrivesFirst) {
        RunEvent success = succeeded(ACME, "orders", "run-1", at(20), 5);
        RunEvent failure = failed(ACME, "orders", "run-1", at(10), "transient");
        applyInOrder(successArrivesFirst, success, failure);

        assertThat(recordOf(ACME, "orders", "run-1")).isEqualTo(new RunRecord(ACME, key("orders"), run("run-1"),
                "contract-job", at(0), at(20), RunRecord.Outcome.SUCCEEDED, 5, null));
        DatasetStatus status = statusOf(ACME, "orders");
        assertThat(status.lastSuccess()).contains(new DatasetStatus.Success(run("run-1"), at(20), 5));
        assertThat(status.lastFailure()).contains(new DatasetStatus.Failure(run("run-1"), at(10), error("transient")));
        assertThat(status.latestAttemptFailed()).isFalse();
        assertThat(status.runsInFlight()).isEmpty();
    }

    @ParameterizedTest(name = "success first: {0}")
    @ValueSource(booleans = {true, false})
    void aLaterFailureWins(boolean successArrivesFirst) {
        RunEvent success = succeeded(ACME, "orders", "run-1", at(10), 5);
        RunEvent failure = failed(ACME, "orders", "run-1", at(20), "commit failed");
        applyInOrder(successArrivesFirst, success, failure);

        assertThat(recordOf(ACME, "orders", "run-1")).isEqualTo(new RunRecord(ACME, key("orders"), run("run-1"),
                "contract-job", at(0), at(20), RunRecord.Outcome.FAILED, 0, error("commit failed")));
        DatasetStatus status = statusOf(ACME, "orders");
        assertThat(status.lastSuccess()).contains(new DatasetStatus.Success(run("run-1"), at(10), 5));
        assertThat(status.latestAttemptFailed()).isTrue();
    }

    @ParameterizedTest(name = "success first: {0}")
    @ValueSource(booleans = {true, false})
    void aFailureWinsATie(boolean successArrivesFirst) {
        RunEvent success = succeeded(ACME, "orders", "run-1", at(10), 5);
        RunEvent failure = failed(ACME, "orders", "run-1", at(10), "commit failed");
        applyInOrder(successArrivesFirst, success, failure);

        assertThat(recordOf(ACME, "orders", "run-1")).isEqualTo(new RunRecord(ACME, key("orders"), run("run-1"),
                "contract-job", at(0), at(10), RunRecord.Outcome.FAILED, 0, error("commit failed")));
        assertThat(statusOf(ACME, "orders").latestAttemptFailed()).isTrue();
    }

    private void applyInOrder(boolean successArrivesFirst, RunEvent success, RunEvent failure) {
        List<RunEvent> outcomes = new ArrayList<>(List.of(success, failure));
        if (!successArrivesFirst) {
            Collections.reverse(outcomes);
        }
        apply(started(ACME, "orders", "run-1", at(0)));
        apply(outcomes);
    }
}
