package dev.freshness.track.internal;

import dev.freshness.DatasetKey;
import dev.freshness.JobError;
import dev.freshness.RunEvent;
import dev.freshness.RunId;
import dev.freshness.Scope;
import dev.freshness.track.internal.Tracking.PendingWrite;

import java.util.ArrayList;
import java.util.List;

/**
 * The events of one run for one (scope, dataset). The start goes to the store without waiting; the outcome
 * is waited for together with the start, so a job is held by the store at most once, at its end.
 */
final class RunRecorder {

    private final Tracking tracking;
    private final Scope scope;
    private final DatasetKey dataset;
    private final RunId runId;
    private final String jobName;
    private PendingWrite start;

    RunRecorder(Tracking tracking, Scope scope, DatasetKey dataset, RunId runId, String jobName) {
        this.tracking = tracking;
        this.scope = scope;
        this.dataset = dataset;
        this.runId = runId;
        this.jobName = jobName;
    }

    RunId runId() {
        return runId;
    }

    synchronized void start() {
        start = tracking.submit(new RunEvent.Started(scope, dataset, runId, tracking.now(), jobName));
    }

    synchronized List<PendingWrite> succeed(long recordsAffected) {
        return withStart(tracking.submit(new RunEvent.Succeeded(scope, dataset, runId, tracking.now(), recordsAffected)));
    }

    synchronized List<PendingWrite> fail(JobError error) {
        return withStart(tracking.submit(new RunEvent.Failed(scope, dataset, runId, tracking.now(), error)));
    }

    private List<PendingWrite> withStart(PendingWrite outcome) {
        List<PendingWrite> writes = new ArrayList<>(2);
        if (start != null) {
            writes.add(start);
        }
        writes.add(outcome);
        return writes;
    }
}
