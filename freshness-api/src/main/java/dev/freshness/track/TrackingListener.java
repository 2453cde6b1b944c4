package dev.freshness.track;

import dev.freshness.core.RunEvent;

import java.util.List;

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
     * A tracked run ended for a (scope, dataset), with its start, end, duration, records and error in one value;
     * called right after {@link #onRunSucceeded} or {@link #onRunFailed} for the same outcome.
     */
    default void onRunFinished(FinishedRun run) {
    }

    /**
     * A {@link JobRunner}'s run began its body: the steps and touched scopes reported under its run id until
     * {@link #onJobRunFinished} belong to it. Called before the first of them.
     */
    default void onJobRunStarted(JobRun run) {
    }

    /**
     * A {@link JobRunner}'s run ended its body, with the exception it threw, if any; called after the outcomes of
     * its steps and touched scopes that had finished by then (a step still running, such as an asynchronous one,
     * reports its outcome later).
     */
    default void onJobRunFinished(JobRun run) {
    }

    /** A job ran untracked because a guard skipped it: no scope, or a false {@link TrackedJob#onlyIf} condition. */
    default void onRunUntracked(UntrackedRun run) {
    }

    /**
     * The store failed to record {@code event}: it threw {@code error}, or did not finish within the store
     * timeout ({@code error} is then a {@link java.util.concurrent.TimeoutException}), or too many store calls
     * were waiting ({@link java.util.concurrent.RejectedExecutionException}).
     */
    default void onStoreError(RunEvent event, Throwable error) {
    }

    /**
     * One listener that passes every call to each of {@code listeners}, in order. A listener that throws does not
     * keep the others from hearing the call: the first exception is thrown after all were called, with the
     * others suppressed in it.
     */
    static TrackingListener composite(TrackingListener... listeners) {
        if (listeners == null) {
            throw new NullPointerException("listeners must not be null");
        }
        for (int i = 0; i < listeners.length; i++) {
            if (listeners[i] == null) {
                throw new NullPointerException("listeners[" + i + "] must not be null");
            }
        }
        List<TrackingListener> all = List.of(listeners);
        return new TrackingListener() {
            @Override
            public void onRunStarted(RunEvent.Started event) {
                each(all, listener -> listener.onRunStarted(event));
            }

            @Override
            public void onRunSucceeded(RunEvent.Succeeded event) {
                each(all, listener -> listener.onRunSucceeded(event));
            }

            @Override
            public void onRunFailed(RunEvent.Failed event) {
                each(all, listener -> listener.onRunFailed(event));
            }

            @Override
            public void onRunFinished(FinishedRun run) {
                each(all, listener -> listener.onRunFinished(run));
            }

            @Override
            public void onJobRunStarted(JobRun run) {
                each(all, listener -> listener.onJobRunStarted(run));
            }

            @Override
            public void onJobRunFinished(JobRun run) {
                each(all, listener -> listener.onJobRunFinished(run));
            }

            @Override
            public void onRunUntracked(UntrackedRun run) {
                each(all, listener -> listener.onRunUntracked(run));
            }

            @Override
            public void onStoreError(RunEvent event, Throwable error) {
                each(all, listener -> listener.onStoreError(event, error));
            }

            @Override
            public String toString() {
                return "TrackingListener.composite" + all;
            }
        };
    }

    private static void each(List<TrackingListener> listeners, java.util.function.Consumer<TrackingListener> call) {
        Throwable first = null;
        for (TrackingListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (Throwable thrown) {
                if (first == null) {
                    first = thrown;
                } else if (first != thrown) {
                    first.addSuppressed(thrown);
                }
            }
        }
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (first instanceof Error error) {
            throw error;
        }
        if (first != null) {
            throw new IllegalStateException("a tracking listener threw " + first, first);
        }
    }
}
