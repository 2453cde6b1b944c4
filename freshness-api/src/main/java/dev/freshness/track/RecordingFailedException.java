package dev.freshness.track;

import dev.freshness.core.RunEvent;
import dev.freshness.core.StoreException;

import java.util.Objects;

/**
 * The store failed to record a tracked job's event, surfaced because the instance uses the
 * {@link StoreFailurePolicy#STRICT strict} policy. Its cause is the store's error (a
 * {@link java.util.concurrent.TimeoutException} when the store did not answer in time); further store errors
 * of the same run are {@linkplain #getSuppressed() suppressed} in it.
 */
public final class RecordingFailedException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final transient RunEvent event;

    /**
     * A store failure for {@code event}, caused by {@code storeError}. Created by the library; public so that
     * custom code may rethrow it.
     */
    public RecordingFailedException(RunEvent event, Throwable storeError) {
        super("could not record " + kind(event) + " of run " + event.runId() + " for " + event.scope() + "/"
                + event.dataset() + ": " + describe(storeError), storeError);
        this.event = Objects.requireNonNull(event, "event must not be null");
    }

    /** The event that could not be recorded. */
    public RunEvent event() {
        return event;
    }

    /** The store error as text; its own {@code toString()} is foreign code, which may throw. */
    private static String describe(Throwable storeError) {
        if (storeError == null) {
            return "null";
        }
        try {
            return storeError.toString();
        } catch (Throwable unreadable) {
            return storeError.getClass().getName();
        }
    }

    private static String kind(RunEvent event) {
        if (event instanceof RunEvent.Started) {
            return "the start";
        }
        return event instanceof RunEvent.Succeeded ? "the success" : "the failure";
    }
}
