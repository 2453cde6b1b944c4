package dev.freshness.testkit;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.spi.FreshnessStore;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every part of the contract suite shares: the store under test and short ways to write events.
 * Instants have millisecond precision, which every database keeps.
 */
abstract class ContractPart {

    /** A fixed instant the suite's events are placed around. */
    static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    /** The empty store that the current test uses; a new one for each test. */
    abstract FreshnessStore store();

    static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    static Scope tenant(String tenantId) {
        return Scope.tenant(tenantId);
    }

    static DatasetKey key(String dataset) {
        return DatasetKey.of(dataset);
    }

    static RunId run(String runId) {
        return RunId.of(runId);
    }

    static JobError error(String message) {
        return JobError.of("java.io.IOException", message, null);
    }

    static RunEvent.Started started(Scope scope, String dataset, String runId, Instant at) {
        return new RunEvent.Started(scope, key(dataset), run(runId), at, "contract-job");
    }

    static RunEvent.Succeeded succeeded(Scope scope, String dataset, String runId, Instant at, long records) {
        return new RunEvent.Succeeded(scope, key(dataset), run(runId), at, records);
    }

    static RunEvent.Failed failed(Scope scope, String dataset, String runId, Instant at, String message) {
        return new RunEvent.Failed(scope, key(dataset), run(runId), at, error(message));
    }

    void apply(RunEvent... events) {
        apply(List.of(events));
    }

    void apply(List<? extends RunEvent> events) {
        for (RunEvent event : events) {
            store().apply(event);
        }
    }

    /**
     * The statuses of {@code datasets} in {@code scope}, read with one {@link FreshnessStore#statuses} call, by
     * dataset; fails when the store returns a status of another scope or dataset, or one twice.
     */
    Map<DatasetKey, DatasetStatus> statusesOf(Scope scope, Set<DatasetKey> datasets) {
        Map<DatasetKey, DatasetStatus> byDataset = new HashMap<>();
        for (DatasetStatus status : store().statuses(Set.of(scope), datasets)) {
            if (!status.scope().equals(scope) || !datasets.contains(status.dataset())) {
                throw new AssertionError("asked for " + datasets + " of " + scope + ", the store returned " + status);
            }
            if (byDataset.put(status.dataset(), status) != null) {
                throw new AssertionError("the store returned the status of " + scope + "/" + status.dataset() + " twice");
            }
        }
        return byDataset;
    }

    DatasetStatus statusOf(Scope scope, String dataset) {
        return store().status(scope, key(dataset))
                .orElseThrow(() -> new AssertionError("no status stored for " + scope + "/" + dataset));
    }

    /** The history record of one run for one (scope, dataset), read through {@link FreshnessStore#runHistory}. */
    RunRecord recordOf(Scope scope, String dataset, String runId) {
        return store().runHistory(run(runId)).stream()
                .filter(record -> record.scope().equals(scope) && record.dataset().equals(key(dataset)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no history record of run " + runId + " for " + scope + "/" + dataset));
    }
}
