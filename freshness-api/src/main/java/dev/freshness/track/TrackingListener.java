package dev.freshness.track;

import dev.freshness.core.RunEvent;

/**
 * Hears what tracked jobs report, for metrics or tracing. Every method has a no-op default, so implement only
 * what you need. Methods are called on the job's thread (or the thread that completes an asynchronous job's
 * stage) when the event happens, before it is stored; keep them quick. A listener that throws never affects
 * the job or the recording: its exception is logged at WARN (rate limited like store errors) and dropped.
 */
public interface TrackingListener {

    /** A listener that does nothing; the default. */
    TrackingListener NO_OP = new TrackingListener() {
    };

    /** A tracked run started refreshing a (scope, dataset). */
    default void onRunStarted(RunEvent.Started event) {
    }

    /** A tracked run refreshed a (scope, dataset). */
    default void onRunSucceeded(RunEvent.Succeeded event) {
    }

    /** A tracked run failed to refresh a (scope, dataset). */
    default void onRunFailed(RunEvent.Failed event) {
    }

    /**
     * The store failed to record {@code event}: it threw {@code error}, or did not finish within the store
     * timeout ({@code error} is then a {@link java.util.concurrent.TimeoutException}), or too many store calls
     * were waiting ({@link java.util.concurrent.RejectedExecutionException}).
     */
    default void onStoreError(RunEvent event, Throwable error) {
    }
}
