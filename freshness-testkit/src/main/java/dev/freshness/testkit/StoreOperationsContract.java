package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.spi.CrossScopeQuery;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Each store operation on its own, with hand-picked events. */
abstract class StoreOperationsContract extends ContractPart {

    private static final Scope ACME = tenant("acme");

    @Test
    void anEmptyStoreHasNothingToRead() {
        assertThat(store().status(ACME, key("orders"))).isEmpty();
        assertThat(statusesOf(ACME, Set.of(key("orders"), key("users")))).isEmpty();
        assertThat(store().statusesAcrossScopes(CrossScopeQuery.of(Set.of(key("orders")))).statuses()).isEmpty();
        assertThat(store().statusesAcrossScopes(CrossScopeQuery.of(Set.of(key("orders")))).nextPage()).isEmpty();
        assertThat(store().runHistory(run("run-1"))).isEmpty();
        assertThat(store().history(ACME, key("orders"), 10)).isEmpty();
        assertThat(store().pruneHistory(at(1_000_000))).isZero();
    }

    @Test
    void aStartPutsTheRunInFlight() {
        apply(new RunEvent.Started(ACME, key("orders"), run("run-1"), at(0), "nightly-sync"));

        assertThat(statusOf(ACME, "orders")).isEqualTo(DatasetStatus.of(ACME, key("orders"),
                new DatasetStatus.Start(run("run-1"), at(0)), null, null,
                List.of(new DatasetStatus.Start(run("run-1"), at(0)))));
        assertThat(store().history(ACME, key("orders"), 10)).containsExactly(
                new RunRecord(ACME, key("orders"), run("run-1"), "nightly-sync", at(0), null, null, 0, null));
    }

    @Test
    void aSuccessEndsTheFlightAndKeepsItsRecordsAffected() {
        apply(new RunEvent.Started(ACME, key("orders"), run("run-1"), at(0), "nightly-sync"),
                succeeded(ACME, "orders", "run-1", at(5), 42));

        assertThat(statusOf(ACME, "orders")).isEqualTo(DatasetStatus.of(ACME, key("orders"),
                new DatasetStatus.Start(run("run-1"), at(0)),
                new DatasetStatus.Success(run("run-1"), at(5), 42), null, List.of()));
        assertThat(store().history(ACME, key("orders"), 10)).containsExactly(new RunRecord(ACME, key("orders"),
                run("run-1"), "nightly-sync", at(0), at(5), RunRecord.Outcome.SUCCEEDED, 42, null));
    }

    @Test
    void aFailureEndsTheFlightAndKeepsItsError() {
        JobError error = JobError.of(new IllegalStateException("no rows", new java.net.SocketException("reset")));
        apply(started(ACME, "orders", "run-1", at(0)),
                new RunEvent.Failed(ACME, key("orders"), run("run-1"), at(5), error));

        DatasetStatus status = statusOf(ACME, "orders");
        assertThat(status.lastFailure()).contains(new DatasetStatus.Failure(run("run-1"), at(5), error));
        assertThat(status.lastSuccess()).isEmpty();
        assertThat(status.runsInFlight()).isEmpty();
        assertThat(status.latestAttemptFailed()).isTrue();
        assertThat(store().history(ACME, key("orders"), 10)).containsExactly(new RunRecord(ACME, key("orders"),
                run("run-1"), "contract-job", at(0), at(5), RunRecord.Outcome.FAILED, 0, error));
    }

    @Test
    void theLongestValuesEveryTypeAcceptsAreKeptWhole() {
        Scope tenant = tenant("t".repeat(Scope.MAX_TENANT_ID_LENGTH - 6) + " é✓😀");
        DatasetKey dataset = key("d".repeat(DatasetKey.MAX_LENGTH));
        RunId runId = run("r ~".repeat(RunId.MAX_LENGTH / 3) + "r".repeat(RunId.MAX_LENGTH % 3));
        String jobName = "j".repeat(DatasetKey.MAX_LENGTH);
        JobError error = JobError.of("T".repeat(JobError.MAX_TYPE_LENGTH),
                "line one\nline two\ttabbed \"quoted\" 'single' ; -- é✓😀 ".repeat(100),
                "x😀".repeat(JobError.MAX_ROOT_CAUSE_LENGTH));
        apply(new RunEvent.Started(tenant, dataset, runId, at(0), jobName),
                new RunEvent.Succeeded(tenant, dataset, runId, at(1), Long.MAX_VALUE),
                new RunEvent.Failed(tenant, dataset, runId, at(2), error));

        DatasetStatus status = store().status(tenant, dataset).orElseThrow();
        assertThat(status.lastSuccess()).contains(new DatasetStatus.Success(runId, at(1), Long.MAX_VALUE));
        assertThat(status.lastFailure()).contains(new DatasetStatus.Failure(runId, at(2), error));
        assertThat(store().runHistory(runId)).containsExactly(new RunRecord(tenant, dataset, runId, jobName,
                at(0), at(2), RunRecord.Outcome.FAILED, 0, error));
    }

    @Test
    void instantsKeepTheirMilliseconds() {
        apply(succeeded(ACME, "orders", "run-1", T0.plusMillis(1), 1),
                succeeded(ACME, "orders", "run-0", T0, 1));

        assertThat(statusOf(ACME, "orders").lastSuccess().orElseThrow().at()).isEqualTo(T0.plusMillis(1));
    }

    @Test
    void anOutcomeBeforeItsStartStillEndsTheFlight() {
        apply(succeeded(ACME, "orders", "run-1", at(5), 3), started(ACME, "orders", "run-1", at(0)));

        assertThat(statusOf(ACME, "orders").runsInFlight()).isEmpty();
        assertThat(statusOf(ACME, "orders").lastStart()).contains(new DatasetStatus.Start(run("run-1"), at(0)));
        assertThat(recordOf(ACME, "orders", "run-1")).isEqualTo(new RunRecord(ACME, key("orders"), run("run-1"),
                "contract-job", at(0), at(5), RunRecord.Outcome.SUCCEEDED, 3, null));
    }

    @Test
    void anOlderEventDoesNotReplaceANewerOneOfItsKind() {
        apply(succeeded(ACME, "orders", "run-2", at(10), 2), succeeded(ACME, "orders", "run-1", at(5), 1),
                failed(ACME, "orders", "run-4", at(20), "late"), failed(ACME, "orders", "run-3", at(15), "early"),
                started(ACME, "orders", "run-6", at(30)), started(ACME, "orders", "run-5", at(25)));

        DatasetStatus status = statusOf(ACME, "orders");
        assertThat(status.lastSuccess()).contains(new DatasetStatus.Success(run("run-2"), at(10), 2));
        assertThat(status.lastFailure()).contains(new DatasetStatus.Failure(run("run-4"), at(20), error("late")));
        assertThat(status.lastStart()).contains(new DatasetStatus.Start(run("run-6"), at(30)));
        assertThat(status.runsInFlight()).containsExactly(
                new DatasetStatus.Start(run("run-5"), at(25)), new DatasetStatus.Start(run("run-6"), at(30)));
    }

    @Test
    void equalInstantsAreDecidedByTheGreaterRunIdInEitherOrder() {
        Scope first = tenant("first");
        Scope second = tenant("second");
        apply(succeeded(first, "orders", "run-a", at(0), 1), succeeded(first, "orders", "run-b", at(0), 2));
        apply(succeeded(second, "orders", "run-b", at(0), 2), succeeded(second, "orders", "run-a", at(0), 1));

        assertThat(statusOf(first, "orders").lastSuccess()).contains(new DatasetStatus.Success(run("run-b"), at(0), 2));
        assertThat(statusOf(second, "orders").lastSuccess()).contains(new DatasetStatus.Success(run("run-b"), at(0), 2));
    }

    @Test
    void reapplyingAnEventChangesNothing() {
        List<RunEvent> events = List.of(started(ACME, "orders", "run-1", at(0)), succeeded(ACME, "orders", "run-1", at(1), 7),
                started(ACME, "orders", "run-2", at(2)), failed(ACME, "orders", "run-3", at(3), "boom"));
        apply(events);
        DatasetStatus status = statusOf(ACME, "orders");
        List<RunRecord> history = store().history(ACME, key("orders"), 10);

        apply(events);
        apply(events.get(1), events.get(0));

        assertThat(statusOf(ACME, "orders")).isEqualTo(status);
        assertThat(store().history(ACME, key("orders"), 10)).isEqualTo(history);
    }

    @Test
    void statusesReadsTheRecordedDatasetsOfOneScope() {
        apply(succeeded(ACME, "orders", "run-1", at(0), 1), succeeded(ACME, "users", "run-1", at(1), 2),
                succeeded(ACME, "invoices", "run-1", at(2), 3), succeeded(tenant("other"), "never", "run-1", at(3), 4));

        assertThat(statusesOf(ACME, Set.of(key("orders"), key("users"), key("never"))))
                .containsOnlyKeys(key("orders"), key("users"))
                .containsEntry(key("orders"), statusOf(ACME, "orders"))
                .containsEntry(key("users"), statusOf(ACME, "users"));
    }

    @Test
    void statusesReadsTheRecordedDatasetsOfSeveralScopesInOneCall() {
        List<Scope> scopes = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Scope scope = tenant("t" + i);
            scopes.add(scope);
            if (i % 3 != 0) {
                apply(succeeded(scope, "orders", "run-" + i, at(i), i));
            }
            if (i % 2 == 0) {
                apply(failed(scope, "users", "run-" + i, at(i), "boom " + i));
            }
        }
        apply(succeeded(tenant("not-asked"), "orders", "run-x", at(0), 1), succeeded(scopes.get(1), "other", "run-x", at(0), 1));

        List<DatasetStatus> read = store().statuses(Set.copyOf(scopes), Set.of(key("orders"), key("users")));

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            if (i % 3 != 0) {
                expected.add(statusOf(scopes.get(i), "orders").toString());
            }
            if (i % 2 == 0) {
                expected.add(statusOf(scopes.get(i), "users").toString());
            }
        }
        assertThat(read).extracting(DatasetStatus::toString).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void statusesOfNoScopeOrNoDatasetIsEmpty() {
        apply(succeeded(ACME, "orders", "run-1", at(0), 1));

        assertThat(store().statuses(Set.of(), Set.of(key("orders")))).isEmpty();
    }

    @Test
    void statusesOfNoDatasetIsEmpty() {
        apply(succeeded(ACME, "orders", "run-1", at(0), 1));

        assertThat(statusesOf(ACME, Set.of())).isEmpty();
    }

    @Test
    void runHistoryListsEveryScopeAndDatasetOfTheRunByScopeThenDataset() {
        apply(succeeded(tenant("b"), "x", "run-1", at(0), 1), started(Scope.global(), "y", "run-1", at(1)),
                failed(tenant("a"), "z", "run-1", at(2), "boom"), succeeded(tenant("a"), "b", "run-1", at(3), 4),
                succeeded(tenant("a"), "b", "run-2", at(4), 5));

        assertThat(store().runHistory(run("run-1")))
                .extracting(record -> record.scope().key() + "/" + record.dataset())
                .containsExactly("*/y", "a/b", "a/z", "b/x");
        assertThat(store().runHistory(run("run-2"))).containsExactly(new RunRecord(tenant("a"), key("b"), run("run-2"),
                null, null, at(4), RunRecord.Outcome.SUCCEEDED, 5, null));
    }

    @Test
    void historyListsTheNewestActivityFirstUpToTheLimit() {
        apply(succeeded(ACME, "orders", "run-1", at(10), 1),
                started(ACME, "orders", "run-2", at(0)), failed(ACME, "orders", "run-2", at(40), "slow"),
                started(ACME, "orders", "run-3", at(30)),
                started(ACME, "orders", "run-4", at(50)), succeeded(ACME, "orders", "run-4", at(20), 4),
                succeeded(ACME, "orders", "run-5", at(5), 5),
                succeeded(tenant("other"), "orders", "run-9", at(99), 9));

        assertThat(store().history(ACME, key("orders"), 10)).extracting(record -> record.runId().value())
                .containsExactly("run-4", "run-2", "run-3", "run-1", "run-5");
        assertThat(store().history(ACME, key("orders"), 2)).extracting(record -> record.runId().value())
                .containsExactly("run-4", "run-2");
        assertThat(store().history(ACME, key("orders"), 1)).hasSize(1);
    }
}
