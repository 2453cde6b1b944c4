package dev.freshness.track.internal;

import dev.freshness.core.ErrorRedactor;
import dev.freshness.core.RunEvent;
import dev.freshness.track.TrackingListener;

/** Calls the user's listener so that whatever it throws stays here: logged (rate limited), never rethrown. */
final class SafeListener {

    private final TrackingListener listener;
    private final RateLimitedLog log;
    private final ErrorRedactor errorRedactor;

    SafeListener(TrackingListener listener, RateLimitedLog log, ErrorRedactor errorRedactor) {
        this.listener = listener;
        this.log = log;
        this.errorRedactor = errorRedactor;
    }

    void heard(RunEvent event) {
        if (listener == TrackingListener.NO_OP) {
            return;
        }
        try {
            if (event instanceof RunEvent.Started started) {
                listener.onRunStarted(started);
            } else if (event instanceof RunEvent.Succeeded succeeded) {
                listener.onRunSucceeded(succeeded);
            } else if (event instanceof RunEvent.Failed failed) {
                listener.onRunFailed(failed);
            }
        } catch (Throwable listenerError) {
            logged(event, listenerError);
        }
    }

    void storeError(RunEvent event, Throwable storeError) {
        if (listener == TrackingListener.NO_OP) {
            return;
        }
        try {
            listener.onStoreError(event, storeError);
        } catch (Throwable listenerError) {
            logged(event, listenerError);
        }
    }

    private void logged(RunEvent event, Throwable listenerError) {
        Tracking.safely(() -> log.warn(event.dataset(), listenerError, (suppressed, error) -> Tracking.LOG.warn(
                "Tracking listener {} threw on an event of run {} for {}/{}; ignored{}", listener.getClass().getName(),
                event.runId(), event.scope(), event.dataset(),
                suppressed == 0 ? "" : " (" + suppressed + " more not logged since the last message)",
                LoggedErrors.forLog(error, errorRedactor))));
    }
}
