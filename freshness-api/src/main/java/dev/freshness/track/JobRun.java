package dev.freshness.track;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.internal.Checks;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a {@link JobRunner} as a whole, around its steps and touched scopes: the job, the run id, when its
 * body started and, once it ended, when and with which exception. {@link TrackingListener#onJobRunStarted}
 * receives one with no end, {@link TrackingListener#onJobRunFinished} one with its end, so that a listener can
 * report a run of several sequential steps as one run instead of one per step.
 */
public final class JobRun {

    private final RunId runId;
    private final String jobName;
    private final Instant startedAt;
    private final Instant finishedAt;
    private final JobError error;

    /**
     * A job run.
     *
     * @param runId the run
     * @param jobName the job (same syntax as a {@link DatasetKey})
     * @param startedAt when its body started
     * @param finishedAt when its body ended, or null while it runs
     * @param error the exception its body threw (redacted, as stored), or null when it returned or still runs
     * @throws IllegalArgumentException when {@code finishedAt} is before {@code startedAt}, or there is an error
     *     and no end
     */
    public JobRun(RunId runId, String jobName, Instant startedAt, Instant finishedAt, JobError error) {
        this.runId = Checks.notNull(runId, "runId");
        this.jobName = Checks.identifier(jobName, DatasetKey.MAX_LENGTH, "jobName");
        this.startedAt = Checks.notNull(startedAt, "startedAt");
        if (finishedAt != null && finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("finishedAt must not be before startedAt " + startedAt + ", was "
                    + finishedAt);
        }
        if (error != null && finishedAt == null) {
            throw new IllegalArgumentException("a job run with an error must have finished: " + error.shortForm());
        }
        this.finishedAt = finishedAt;
        this.error = error;
    }

    /** The run. */
    public RunId runId() {
        return runId;
    }

    /** The job. */
    public String jobName() {
        return jobName;
    }

    /** When the run's body started. */
    public Instant startedAt() {
        return startedAt;
    }

    /** When the run's body ended; empty while it runs. */
    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    /** The exception the run's body threw, redacted as stored; empty when it returned or still runs. */
    public Optional<JobError> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobRun that && runId.equals(that.runId) && jobName.equals(that.jobName)
                && startedAt.equals(that.startedAt) && Objects.equals(finishedAt, that.finishedAt)
                && Objects.equals(error, that.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runId, jobName, startedAt, finishedAt, error);
    }

    @Override
    public String toString() {
        return "JobRun{job=" + jobName + ", runId=" + runId + ", startedAt=" + startedAt + ", finishedAt=" + finishedAt
                + ", error=" + (error == null ? null : error.shortForm()) + '}';
    }
}
