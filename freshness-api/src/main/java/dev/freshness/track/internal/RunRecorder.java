package dev.freshness.track.internal;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.track.internal.Tracking.PendingWrite;
import dev.freshness.track.internal.Tracking.WaitBudget;

import java.time.Instant;
import java.util.List;

/**
 * The events of one run for one (scope, dataset). The start goes to the store without waiting (or, with a
 * synchronous start, is waited for before the job runs); the outcome joins the start's store call while that call
 * has not finished writing the start ({@link Tracking#submitAfter}), and is waited for together with the start, so that store
 * errors are handled once, at the end, within the run's {@link WaitBudget}.
 */
final class RunRecorder {

    private final Tracking tracking;
    private final Scope scope;
    private final DatasetKey dataset;
    private final RunId runId;
    private final String jobName;
    private final WaitBudget budget;
    private PendingWrite start;
    private Instant startedAt;

    RunRecorder(Tracking tracking, Scope scope, DatasetKey dataset, RunId runId, String jobName, WaitBudget budget) {
        this.tracking = tracking;
        this.scope = scope;
        this.dataset = dataset;
        this.runId = runId;
        this.jobName = jobName;
        this.budget = budget;
    }

    RunId runId() {
        return runId;
    }

    WaitBudget budget() {
        return budget;
    }

    /** Records the start; never throws (the application's clock may, and the job must run all the same). */
    void start() {
        PendingWrite write;
        synchronized (this) {
            try {
                RunEvent.Started started = new RunEvent.Started(scope, dataset, runId, tracking.now(), jobName);
                write = tracking.submit(started);
                startedAt = started.at();
            } catch (Throwable broken) {
                tracking.warnRecordingBroke(dataset, "the start of run " + runId, broken);
                return;
            }
            start = write;
        }
        if (tracking.synchronousStart()) {
            tracking.waitFor(write, budget);
        }
    }

    /**
     * The start to write together with the starts of other recorders, or null when it could not be made (the
     * clock threw; logged). Never throws; {@link #startSubmitted} follows.
     */
    synchronized RunEvent.Started startEvent() {
        try {
            RunEvent.Started started = new RunEvent.Started(scope, dataset, runId, tracking.now(), jobName);
            startedAt = started.at();
            return started;
        } catch (Throwable broken) {
            tracking.warnRecordingBroke(dataset, "the start of run " + runId, broken);
            return null;
        }
    }

    /** Takes the write of the start made by {@link #startEvent}, to be waited for with the outcome. */
    synchronized void startSubmitted(PendingWrite write) {
        start = write;
    }

    /** The writes of the success and of the start; never throws. */
    synchronized List<PendingWrite> succeed(long recordsAffected) {
        try {
            RunEvent.Succeeded succeeded = new RunEvent.Succeeded(scope, dataset, runId, tracking.now(), recordsAffected);
            PendingWrite write = tracking.submitAfter(start, succeeded);
            tracking.finished(jobName, startedAt, succeeded);
            return withStart(write);
        } catch (Throwable broken) {
            tracking.warnRecordingBroke(dataset, "the success of run " + runId, broken);
            return withStart(null);
        }
    }

    /** The writes of the failure and of the start; never throws. */
    synchronized List<PendingWrite> fail(JobError error) {
        try {
            RunEvent.Failed failed = new RunEvent.Failed(scope, dataset, runId, tracking.now(), error);
            PendingWrite write = tracking.submitAfter(start, failed);
            tracking.finished(jobName, startedAt, failed);
            return withStart(write);
        } catch (Throwable broken) {
            tracking.warnRecordingBroke(dataset, "the failure of run " + runId, broken);
            return withStart(null);
        }
    }

    /**
     * The success to write together with the outcomes of other recorders, or null when it could not be made (the
     * clock threw; logged). Never throws; {@link #outcomeSubmitted} follows.
     */
    synchronized RunEvent.Succeeded success(long recordsAffected) {
        try {
            return new RunEvent.Succeeded(scope, dataset, runId, tracking.now(), recordsAffected);
        } catch (Throwable broken) {
            tracking.warnRecordingBroke(dataset, "the success of run " + runId, broken);
            return null;
        }
    }

    /** Like {@link #success}, for a failure. */
    synchronized RunEvent.Failed failure(JobError error) {
        try {
            return new RunEvent.Failed(scope, dataset, runId, tracking.now(), error);
        } catch (Throwable broken) {
            tracking.warnRecordingBroke(dataset, "the failure of run " + runId, broken);
            return null;
        }
    }

    /**
     * The writes of the start and of {@code outcome} (made by {@link #success} or {@link #failure}, null when it
     * could not be), which {@code write} hands to the store; never throws.
     */
    synchronized List<PendingWrite> outcomeSubmitted(RunEvent outcome, PendingWrite write) {
        if (outcome != null) {
            tracking.finished(jobName, startedAt, outcome);
        }
        return withStart(write);
    }

    /** The writes still to wait for: one already written by a store that never blocks has nothing to report. */
    private List<PendingWrite> withStart(PendingWrite outcome) {
        boolean waitForStart = start != null && start != PendingWrite.WRITTEN;
        boolean waitForOutcome = outcome != null && outcome != PendingWrite.WRITTEN;
        if (waitForStart && waitForOutcome) {
            return List.of(start, outcome);
        }
        return waitForStart ? List.of(start) : waitForOutcome ? List.of(outcome) : List.of();
    }
}
