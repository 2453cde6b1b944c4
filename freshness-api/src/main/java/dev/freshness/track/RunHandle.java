package dev.freshness.track;

import dev.freshness.core.JobError;
import dev.freshness.core.RunId;

/**
 * A run started by {@link TrackedJob#start()}, for code that cannot be put in a lambda. Report its outcome,
 * then close it, best with try-with-resources:
 *
 * <pre>{@code
 * try (RunHandle run = freshness.start(scope, "ad_assets")) {
 *     int downloaded = downloadAssets();
 *     run.succeeded(downloaded);
 * } // an exception before succeeded(...) is recorded as a failure that says no outcome was reported
 * }</pre>
 *
 * <p>Report {@link #failed(Throwable)} in a {@code catch} block to record the real error. Every outcome
 * reported is recorded (the store's merge rules make the last one win). Thread-safe. Under the
 * {@link StoreFailurePolicy#STRICT strict} policy, {@link #succeeded} and {@link #close()} throw a
 * {@link RecordingFailedException} when the store failed, while {@link #failed(Throwable)} adds it as suppressed to
 * the error it is given and never throws it.
 */
public interface RunHandle extends AutoCloseable {

    /** What is recorded when a handle is closed before any outcome was reported. */
    JobError CLOSED_WITHOUT_OUTCOME = JobError.of("RunHandle.ClosedWithoutOutcome",
            "the run handle was closed before succeeded(...) or failed(...) was called: the job stopped early or"
                    + " forgot to report its outcome", null);

    /** The run's id, supplied or generated. */
    RunId runId();

    /** True when the run is recorded; false when a guard (no scope, a false condition) skipped tracking. */
    boolean tracked();

    /**
     * Records that the run succeeded, affecting {@code recordsAffected} records.
     *
     * @throws IllegalArgumentException if {@code recordsAffected} is negative (nothing is recorded)
     */
    void succeeded(long recordsAffected);

    /** Records that the run succeeded with no count of records affected (0). */
    default void succeeded() {
        succeeded(0);
    }

    /** Records that the run failed with {@code error}. Never throws a store error: see the class doc. */
    void failed(Throwable error);

    /** Records a failure saying no outcome was reported, unless one was. Closing again does nothing. */
    @Override
    void close();
}
