package dev.freshness.track.internal;

import dev.freshness.internal.Checks;
import dev.freshness.core.RunId;
import dev.freshness.track.RunHandle;
import dev.freshness.track.RecordingFailedException;

/** A run handle; with no recorder (a guard skipped tracking) it checks its arguments and records nothing. */
final class DefaultRunHandle implements RunHandle {

    private final Tracking tracking;
    private final RunRecorder recorder;
    private final RunId runId;
    private boolean outcomeReported;
    private boolean closed;

    DefaultRunHandle(Tracking tracking, RunRecorder recorder, RunId runId) {
        this.tracking = tracking;
        this.recorder = recorder;
        this.runId = runId;
    }

    @Override
    public RunId runId() {
        return runId;
    }

    @Override
    public boolean tracked() {
        return recorder != null;
    }

    @Override
    public void succeeded(long recordsAffected) {
        Checks.notNegative(recordsAffected, "recordsAffected");
        synchronized (this) {
            outcomeReported = true;
        }
        if (recorder != null) {
            RecordingFailedException surfaced = tracking.strictFailure(tracking.await(recorder.succeed(recordsAffected), recorder.budget()));
            if (surfaced != null) {
                throw surfaced;
            }
        }
    }

    @Override
    public void failed(Throwable error) {
        Checks.notNull(error, "error");
        synchronized (this) {
            outcomeReported = true;
        }
        if (recorder != null) {
            tracking.attachStrictFailures(error, tracking.await(recorder.fail(tracking.errorOf(error)), recorder.budget()));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed || outcomeReported) {
                closed = true;
                return;
            }
            closed = true;
        }
        if (recorder != null) {
            RecordingFailedException surfaced = tracking.strictFailure(tracking.await(recorder.fail(CLOSED_WITHOUT_OUTCOME), recorder.budget()));
            if (surfaced != null) {
                throw surfaced;
            }
        }
    }

    @Override
    public String toString() {
        return "RunHandle{run " + runId + (recorder == null ? ", untracked" : "") + '}';
    }
}
