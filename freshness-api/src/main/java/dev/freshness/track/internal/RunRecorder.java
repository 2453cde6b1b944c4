package dev.freshness.track.internal;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.track.RecordingFailedException;
import dev.freshness.track.RunContext;
import dev.freshness.track.ThrowingFunction;
import dev.freshness.track.internal.Tracking.PendingWrite;
import dev.freshness.track.internal.Tracking.WaitBudget;

import java.time.Instant;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The events of one run for one (scope, dataset). The start goes to the store without waiting (or, with a
 * synchronous start, is waited for before the job runs); the outcome joins the start's store call while that call
 * has not finished writing the start ({@link Tracking#submitAfter}), and is waited for together with the start, so that store
 * errors are handled once, at the end, within the run's {@link WaitBudget}.
 *
 * <p>It is also the context a tracked call hands its job ({@link #call}): one object per run rather than two.
 */
final class RunRecorder extends DefaultRunContext {

    private final Tracking tracking;
    private final WaitBudget budget;
    private PendingWrite start;
    private Instant startedAt;

    RunRecorder(Tracking tracking, Scope scope, DatasetKey dataset, RunId runId, String jobName, WaitBudget budget) {
        super(scope, dataset, runId, jobName, true);
        this.tracking = tracking;
        this.budget = budget;
    }

    WaitBudget budget() {
        return budget;
    }

    /** Records the start; never throws (the application's clock may, and the job must run all the same). */
    void start() {
        PendingWrite write;
        synchronized (this) {
            write = writeStart();
        }
        awaitIfSynchronous(write);
    }

    // The methods that write without taking the lock are for a caller that holds it, or for a tracked call (see
    // call), whose start and outcome are recorded on one thread; a handle's or a stage's outcome may come from
    // another thread than its start, hence the lock around the others.

    /** The write of the start, or null when the start could not be made (logged). */
    private PendingWrite writeStart() {
        try {
            RunEvent.Started started = new RunEvent.Started(scope, dataset, runId, tracking.now(), jobName);
            PendingWrite write = tracking.submit(started);
            startedAt = started.at();
            start = write;
            return write;
        } catch (Throwable broken) {
            tracking.warnRecordingBroke(dataset, "the start of run " + runId, broken);
            return null;
        }
    }

    private void awaitIfSynchronous(PendingWrite write) {
        if (write != null && tracking.synchronousStart()) {
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
        return writeSuccess(recordsAffected);
    }

    private List<PendingWrite> writeSuccess(long recordsAffected) {
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

    // ---- a tracked call: the job runs between the start and its outcome ---------------------------------------

    /**
     * Records the start, runs {@code job} with this run as its context and records its outcome; the job's own
     * value or exception is what comes out, or, under the strict policy, the store failure of a job that
     * succeeded. {@code counter} counts the records of a result when the job reported no count (null: none).
     */
    <R, X extends Exception> R call(ThrowingFunction<RunContext, R, X> job, ToLongFunction<Object> counter) throws X {
        awaitIfSynchronous(writeStart());
        R result;
        try {
            result = job.apply(this);
        } catch (Throwable failure) {
            recordFailure(failure);
            throw failure;
        }
        RecordingFailedException surfaced = recordSuccess(result, counter, false);
        if (surfaced != null) {
            throw surfaced;
        }
        return result;
    }

    /**
     * Records the success; under the strict policy, returns the store failure to surface (else null). Never
     * throws: only the job's own value or exception may come out of a tracked call.
     */
    RecordingFailedException recordSuccess(Object result, ToLongFunction<Object> counter) {
        return recordSuccess(result, counter, true);
    }

    /** {@link #recordSuccess}, without the lock when the start was recorded on this thread by {@link #call}. */
    private RecordingFailedException recordSuccess(Object result, ToLongFunction<Object> counter, boolean lock) {
        try {
            long records = recordsAffected(result, counter);
            return tracking.strictFailure(tracking.await(lock ? succeed(records) : writeSuccess(records), budget));
        } catch (Throwable broken) {
            tracking.warnRecordingBroke(dataset, "the success of run " + runId, broken);
            return null;
        }
    }

    /** Records the failure; never throws, so the job's own exception is what comes out. */
    void recordFailure(Throwable failure) {
        try {
            tracking.attachStrictFailures(failure, tracking.await(fail(tracking.errorOf(failure)), budget));
        } catch (Throwable broken) {
            tracking.warnRecordingBroke(dataset, "the failure of run " + runId, broken);
        }
    }

    private long recordsAffected(Object result, ToLongFunction<Object> counter) {
        long reported = reported();
        if (reported >= 0 || counter == null) {
            return Math.max(reported, 0);
        }
        try {
            long counted = counter.applyAsLong(result);
            if (counted >= 0) {
                return counted;
            }
            tracking.warn(dataset, "The records counter of " + dataset + " returned " + counted
                    + ", a negative count; 0 is recorded", null);
        } catch (Throwable counterError) {
            tracking.warn(dataset, "The records counter of " + dataset + " threw; 0 is recorded", counterError);
        }
        return 0;
    }
}
