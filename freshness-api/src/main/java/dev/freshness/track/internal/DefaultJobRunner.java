package dev.freshness.track.internal;

import dev.freshness.internal.Checks;
import dev.freshness.core.RunId;
import dev.freshness.track.JobRunner;
import dev.freshness.track.Run;
import dev.freshness.track.RecordingFailedException;
import dev.freshness.track.ThrowingConsumer;
import dev.freshness.track.ThrowingFunction;

import java.time.Instant;

/** Runs a body as one run of a named job, and records the scopes it touched when the body ends. */
final class DefaultJobRunner implements JobRunner {

    private final Tracking tracking;
    private final String jobName;
    private final RunId runId;

    DefaultJobRunner(Tracking tracking, String jobName, RunId runId) {
        this.tracking = tracking;
        this.jobName = jobName;
        this.runId = runId;
    }

    @Override
    public JobRunner runId(RunId id) {
        return new DefaultJobRunner(tracking, jobName, Checks.notNull(id, "runId"));
    }

    @Override
    public <T, X extends Exception> T call(ThrowingFunction<Run, T, X> body) throws X {
        Checks.notNull(body, "body");
        Instant startedAt = tracking.nowIfReadable();
        RunId id = runId != null ? runId : tracking.newRunId(startedAt);
        DefaultRun run = new DefaultRun(tracking, id, jobName);
        // With no start (the clock threw) the listener hears the steps only, as runs of their own.
        if (startedAt != null) {
            tracking.jobRunStarted(id, jobName, startedAt);
        }
        T result;
        try {
            result = body.apply(run);
        } catch (Throwable failure) {
            run.finishFailed(failure);
            if (startedAt != null) {
                tracking.jobRunFinished(id, jobName, startedAt, failure);
            }
            throw failure;
        }
        RecordingFailedException surfaced = run.finishSucceeded();
        if (startedAt != null) {
            tracking.jobRunFinished(id, jobName, startedAt, null);
        }
        if (surfaced != null) {
            throw surfaced;
        }
        return result;
    }

    @Override
    public <X extends Exception> void run(ThrowingConsumer<Run, X> body) throws X {
        Checks.notNull(body, "body");
        call(run -> {
            body.accept(run);
            return null;
        });
    }
}
