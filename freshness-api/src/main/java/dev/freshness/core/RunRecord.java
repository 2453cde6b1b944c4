package dev.freshness.core;

import dev.freshness.internal.Checks;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of run history: what one run did to one (scope, dataset). A run that refreshed several datasets or
 * scopes has one record for each.
 *
 * @param scope whose data
 * @param dataset which dataset
 * @param runId which run
 * @param jobName the job the run belongs to, or null when its start did not say
 * @param startedAt when it started, or null when no start was recorded
 * @param finishedAt when it finished, or null while it is in flight
 * @param outcome how it finished, or null while it is in flight
 * @param recordsAffected records affected, when it succeeded; otherwise 0
 * @param error the error, when it failed; otherwise null
 */
public record RunRecord(Scope scope, DatasetKey dataset, RunId runId, String jobName, Instant startedAt,
                        Instant finishedAt, Outcome outcome, long recordsAffected, JobError error) {

    /** How a run finished. */
    public enum Outcome {
        /** The run refreshed the dataset. */
        SUCCEEDED,
        /** The run failed. */
        FAILED
    }

    /** Checks that the record is whole: an outcome goes with its instant, an error with a failure. */
    public RunRecord {
        Checks.notNull(scope, "scope");
        Checks.notNull(dataset, "dataset");
        Checks.notNull(runId, "runId");
        Checks.notNegative(recordsAffected, "recordsAffected");
        if ((outcome == null) != (finishedAt == null)) {
            throw new IllegalArgumentException("outcome and finishedAt go together, were " + outcome + " and " + finishedAt);
        }
        if ((outcome == Outcome.FAILED) != (error != null)) {
            throw new IllegalArgumentException("error is required exactly when outcome is FAILED, was " + outcome);
        }
        if (startedAt == null && finishedAt == null) {
            throw new IllegalArgumentException("a run record needs startedAt or finishedAt");
        }
    }

    /** True while the run started and did not finish. */
    public boolean inFlight() {
        return finishedAt == null;
    }

    /** The job name, when known. */
    public Optional<String> job() {
        return Optional.ofNullable(jobName);
    }

    /** The latest instant the record knows of, start or finish. */
    public Instant lastActivity() {
        if (finishedAt == null) {
            return startedAt;
        }
        return startedAt == null || finishedAt.isAfter(startedAt) ? finishedAt : startedAt;
    }
}
