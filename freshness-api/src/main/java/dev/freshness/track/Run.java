package dev.freshness.track;

import dev.freshness.core.RunId;
import dev.freshness.core.Scope;

import java.util.Optional;

/**
 * One run of a {@link JobRunner}: the steps it tracks and the scopes it touches, all recorded under its run id
 * and job name. Thread-safe. Valid only while the run's body runs: afterwards every method but the accessors
 * throws {@link IllegalStateException}.
 *
 * <p>Two ways to record:
 * <ul>
 *   <li><b>Steps</b>: {@link #track(Scope, String)} gives a {@link TrackedJob} of this run; each step records
 *       its own start and outcome, so a failing step leaves earlier steps succeeded.</li>
 *   <li><b>Touched scopes</b>, for jobs that process items of many tenants: {@link #touched} adds records
 *       affected to a (scope, dataset), recording its start on the first touch. When the body ends, every
 *       touched (scope, dataset) records a success with its own total, or, if the body threw, a failure with
 *       the body's exception. Touch {@link Scope#global()} too for a global total. A run over many scopes is
 *       written in batches ({@link dev.freshness.spi.FreshnessStore#applyAll}): the outcomes in one store call,
 *       the starts gathered while an earlier write is on its way.</li>
 * </ul>
 * {@link #succeeded} and {@link #failed} record an outcome immediately, with no start.
 */
public interface Run {

    /** This run's id. */
    RunId runId();

    /** The job's name. */
    String jobName();

    /** A step of this run: a job for ({@code scope}, {@code dataset}) recorded under this run's id and name. */
    TrackedJob track(Scope scope, String dataset);

    /** A step of this run for a scope that may be unknown; with no scope the step runs untracked. */
    TrackedJob track(Optional<Scope> scope, String dataset);

    /**
     * Adds {@code recordsAffected} to what this run did to ({@code scope}, {@code dataset}); its outcome is
     * recorded when the body ends. The first touch records the start.
     *
     * @throws IllegalArgumentException if {@code recordsAffected} is negative (nothing is recorded)
     */
    void touched(Scope scope, String dataset, long recordsAffected);

    /** Records now that this run refreshed ({@code scope}, {@code dataset}), affecting {@code recordsAffected} records. */
    void succeeded(Scope scope, String dataset, long recordsAffected);

    /** Records now that this run failed to refresh ({@code scope}, {@code dataset}) with {@code error}. */
    void failed(Scope scope, String dataset, Throwable error);
}
