package dev.freshness.track;

import dev.freshness.core.DatasetKey;
import dev.freshness.internal.Checks;

import java.util.Objects;
import java.util.Optional;

/**
 * A job that ran without being tracked, and why: {@link TrackingListener#onRunUntracked} receives one per run
 * that a guard skipped, so that a dashboard can show jobs running with no scope.
 */
public final class UntrackedRun {

    /** Why a run was not tracked. */
    public enum Reason {
        /** Its scope was null: more often a bug than a choice (also logged at WARN). */
        NULL_SCOPE,
        /** Its scope was {@code Optional.empty()}: no scope known, on purpose. */
        NO_SCOPE,
        /** Its {@link TrackedJob#onlyIf} condition was false. */
        CONDITION_FALSE
    }

    private final DatasetKey dataset;
    private final String jobName;
    private final Reason reason;

    /**
     * A run of {@code dataset} left untracked for {@code reason}.
     *
     * @param jobName the job the run belongs to, or null when unknown
     */
    public UntrackedRun(DatasetKey dataset, String jobName, Reason reason) {
        this.dataset = Checks.notNull(dataset, "dataset");
        if (jobName != null) {
            Checks.identifier(jobName, DatasetKey.MAX_LENGTH, "jobName");
        }
        this.jobName = jobName;
        this.reason = Checks.notNull(reason, "reason");
    }

    /** The dataset the job would have refreshed. */
    public DatasetKey dataset() {
        return dataset;
    }

    /** The job, when known. */
    public Optional<String> jobName() {
        return Optional.ofNullable(jobName);
    }

    /** Why it was not tracked. */
    public Reason reason() {
        return reason;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UntrackedRun that && dataset.equals(that.dataset)
                && Objects.equals(jobName, that.jobName) && reason == that.reason;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataset, jobName, reason);
    }

    @Override
    public String toString() {
        return "UntrackedRun{dataset=" + dataset + ", job=" + jobName + ", reason=" + reason + '}';
    }
}
