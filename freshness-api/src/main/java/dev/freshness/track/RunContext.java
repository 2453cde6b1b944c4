package dev.freshness.track;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;

import java.util.Optional;

/**
 * What a tracked job may know about its run, and how it reports the records it affected. Given to jobs run
 * with {@link TrackedJob#run(ThrowingConsumer)} or {@link TrackedCall#call(ThrowingFunction)}. Thread-safe, so
 * a job may report from the threads it starts.
 */
public interface RunContext {

    /** Whose data the job refreshes; empty when the job runs untracked because no scope was known. */
    Optional<Scope> scope();

    /** The dataset the job refreshes. */
    DatasetKey dataset();

    /** The run's id, supplied or generated; also set when the run is not tracked. */
    RunId runId();

    /** The job's name, when one was given. */
    Optional<String> jobName();

    /** True when the run is recorded; false when a guard (no scope, a false condition) skipped tracking. */
    boolean tracked();

    /**
     * Sets the records affected that the success will report, replacing what was reported before and what a
     * {@linkplain TrackedJob#recordsFrom counter} would compute.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    void recordsAffected(long count);

    /**
     * Adds {@code count} to the records affected that the success will report.
     *
     * @throws IllegalArgumentException if {@code count} is negative
     */
    void addRecordsAffected(long count);
}
