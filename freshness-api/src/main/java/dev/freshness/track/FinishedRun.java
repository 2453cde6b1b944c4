package dev.freshness.track;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.internal.Checks;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one tracked run for one (scope, dataset), with what metrics and traces need in one value: the
 * job, when the run started and finished, how long it took, whether it succeeded, the records it affected and
 * the error it failed with. {@link TrackingListener#onRunFinished} receives one per outcome.
 *
 * <p>The instants are the ones the events carry (the {@code DatasetFreshness} clock), so the duration agrees
 * with the history the store keeps. The start is unknown for an outcome reported on its own, with no start
 * before it ({@link Run#succeeded}, {@link Run#failed}); then there is no duration either.
 */
public final class FinishedRun {

    private final String jobName;
    private final Instant startedAt;
    private final RunEvent outcome;

    /**
     * A run that ended with {@code outcome}.
     *
     * @param jobName the job the run belongs to, or null when unknown
     * @param startedAt when the run started, or null when unknown
     * @param outcome the run's {@link RunEvent.Succeeded} or {@link RunEvent.Failed} event
     * @throws IllegalArgumentException when {@code outcome} is a start, or {@code startedAt} is after it
     */
    public FinishedRun(String jobName, Instant startedAt, RunEvent outcome) {
        Checks.notNull(outcome, "outcome");
        if (outcome instanceof RunEvent.Started) {
            throw new IllegalArgumentException("outcome must be a Succeeded or Failed event, was " + outcome);
        }
        if (jobName != null) {
            Checks.identifier(jobName, DatasetKey.MAX_LENGTH, "jobName");
        }
        if (startedAt != null && startedAt.isAfter(outcome.at())) {
            throw new IllegalArgumentException("startedAt must not be after the outcome's instant " + outcome.at()
                    + ", was " + startedAt);
        }
        this.jobName = jobName;
        this.startedAt = startedAt;
        this.outcome = outcome;
    }

    /** Whose data the run refreshed. */
    public Scope scope() {
        return outcome.scope();
    }

    /** The dataset the run refreshed. */
    public DatasetKey dataset() {
        return outcome.dataset();
    }

    /** The run. */
    public RunId runId() {
        return outcome.runId();
    }

    /** The job the run belongs to, when known. */
    public Optional<String> jobName() {
        return Optional.ofNullable(jobName);
    }

    /** When the run started, when known. */
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    /** When the run succeeded or failed. */
    public Instant finishedAt() {
        return outcome.at();
    }

    /** From the start to the outcome, when the start is known. */
    public Optional<Duration> duration() {
        return startedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, outcome.at()));
    }

    /** True when the run succeeded; false when it failed. */
    public boolean succeeded() {
        return outcome instanceof RunEvent.Succeeded;
    }

    /** The records a successful run affected; 0 for a failed run. */
    public long recordsAffected() {
        return outcome instanceof RunEvent.Succeeded succeeded ? succeeded.recordsAffected() : 0;
    }

    /** The error of a failed run (redacted, as stored); empty for a successful run. */
    public Optional<JobError> error() {
        return outcome instanceof RunEvent.Failed failed ? Optional.of(failed.error()) : Optional.empty();
    }

    /** The run's outcome event, as the store receives it. */
    public RunEvent outcome() {
        return outcome;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FinishedRun that && Objects.equals(jobName, that.jobName)
                && Objects.equals(startedAt, that.startedAt) && outcome.equals(that.outcome);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobName, startedAt, outcome);
    }

    @Override
    public String toString() {
        return "FinishedRun{job=" + jobName + ", startedAt=" + startedAt + ", outcome=" + outcome + '}';
    }
}
