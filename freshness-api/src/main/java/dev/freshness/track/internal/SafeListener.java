package dev.freshness.track.internal;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.ErrorRedactor;
import dev.freshness.core.RunEvent;
import dev.freshness.track.FinishedRun;
import dev.freshness.track.JobRun;
import dev.freshness.track.TrackingListener;
import dev.freshness.track.UntrackedRun;

/** Calls the user's listener so that whatever it throws stays here: logged (rate limited), never rethrown. */
final class SafeListener {

    /** The key the log of a listener's failure on a whole job run is rate-limited under. */
    private static final DatasetKey JOB_RUN = DatasetKey.of("job-run");

    private final TrackingListener listener;
    private final RateLimitedLog log;
    private final ErrorRedactor errorRedactor;

    SafeListener(TrackingListener listener, RateLimitedLog log, ErrorRedactor errorRedactor) {
        this.listener = listener;
        this.log = log;
        this.errorRedactor = errorRedactor;
    }

    void heard(RunEvent event) {
        if (listener == TrackingListener.NO_OP) {
            return;
        }
        try {
            if (event instanceof RunEvent.Started started) {
                listener.onRunStarted(started);
            } else if (event instanceof RunEvent.Succeeded succeeded) {
                listener.onRunSucceeded(succeeded);
            } else if (event instanceof RunEvent.Failed failed) {
                listener.onRunFailed(failed);
            }
        } catch (Throwable listenerError) {
            logged(event, listenerError);
        }
    }

    /** False for the no-op listener: then the events it would receive are not even built. */
    boolean listening() {
        return listener != TrackingListener.NO_OP;
    }

    void finished(FinishedRun run) {
        try {
            listener.onRunFinished(run);
        } catch (Throwable listenerError) {
            logged(run.dataset(), "of run " + run.runId() + " for " + run.scope() + "/" + run.dataset(), listenerError);
        }
    }

    void jobRunStarted(JobRun run) {
        try {
            listener.onJobRunStarted(run);
        } catch (Throwable listenerError) {
            logged(JOB_RUN, "of the start of run " + run.runId() + " of job " + run.jobName(), listenerError);
        }
    }

    void jobRunFinished(JobRun run) {
        try {
            listener.onJobRunFinished(run);
        } catch (Throwable listenerError) {
            logged(JOB_RUN, "of the end of run " + run.runId() + " of job " + run.jobName(), listenerError);
        }
    }

    void untracked(UntrackedRun run) {
        try {
            listener.onRunUntracked(run);
        } catch (Throwable listenerError) {
            logged(run.dataset(), "of an untracked run of " + run.dataset(), listenerError);
        }
    }

    void storeError(RunEvent event, Throwable storeError) {
        if (listener == TrackingListener.NO_OP) {
            return;
        }
        try {
            listener.onStoreError(event, storeError);
        } catch (Throwable listenerError) {
            logged(event, listenerError);
        }
    }

    private void logged(RunEvent event, Throwable listenerError) {
        logged(event.dataset(), "of run " + event.runId() + " for " + event.scope() + "/" + event.dataset(), listenerError);
    }

    private void logged(DatasetKey dataset, String which, Throwable listenerError) {
        Tracking.safely(() -> log.warn(dataset, listenerError, (suppressed, error) -> Tracking.LOG.warn(
                "Tracking listener {} threw on an event {}; ignored{}", listener.getClass().getName(), which,
                suppressed == 0 ? "" : " (" + suppressed + " more not logged since the last message)",
                LoggedErrors.forLog(error, errorRedactor))));
    }
}
