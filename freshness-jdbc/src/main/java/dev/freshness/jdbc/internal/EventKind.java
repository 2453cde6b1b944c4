package dev.freshness.jdbc.internal;

import dev.freshness.core.RunEvent;

/** The three kinds of event; each dialect has its own statements for each. */
public enum EventKind {

    /** A run started: sets the last start and the run's start. */
    STARTED,
    /** A run succeeded: sets the last success and finishes the run. */
    SUCCEEDED,
    /** A run failed: sets the last failure and finishes the run. */
    FAILED;

    /** The kind of {@code event}. */
    public static EventKind of(RunEvent event) {
        if (event instanceof RunEvent.Started) {
            return STARTED;
        }
        return event instanceof RunEvent.Succeeded ? SUCCEEDED : FAILED;
    }
}
