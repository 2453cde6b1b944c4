package dev.freshness.spring.boot;

import dev.freshness.core.RunEvent;
import dev.freshness.track.TrackingListener;

import java.util.List;
import java.util.function.Consumer;

/**
 * The application's {@link TrackingListener} beans as the one listener an instance takes, in their order: each
 * hears every event even when one before it throws; the first exception is then thrown on, for the wrapper to
 * log as it logs a failing listener.
 */
final class CompositeTrackingListener implements TrackingListener {

    private final List<TrackingListener> listeners;

    CompositeTrackingListener(List<TrackingListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    static TrackingListener of(List<TrackingListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> TrackingListener.NO_OP;
            case 1 -> listeners.get(0);
            default -> new CompositeTrackingListener(listeners);
        };
    }

    @Override
    public void onRunStarted(RunEvent.Started event) {
        each(listener -> listener.onRunStarted(event));
    }

    @Override
    public void onRunSucceeded(RunEvent.Succeeded event) {
        each(listener -> listener.onRunSucceeded(event));
    }

    @Override
    public void onRunFailed(RunEvent.Failed event) {
        each(listener -> listener.onRunFailed(event));
    }

    @Override
    public void onStoreError(RunEvent event, Throwable error) {
        each(listener -> listener.onStoreError(event, error));
    }

    private void each(Consumer<TrackingListener> call) {
        RuntimeException first = null;
        for (TrackingListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
