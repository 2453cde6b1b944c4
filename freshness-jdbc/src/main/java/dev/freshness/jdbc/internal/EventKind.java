package dev.freshness.jdbc.internal;

import dev.freshness.core.RunEvent;

import java.util.List;

/**
 * The three kinds of event, with the status columns each one owns: its instant, its run id, and what else it
 * carries (the records of a success, the error of a failure), each with the named parameter bound to it.
 */
public enum EventKind {

    /** Owns the last start. */
    STARTED("last_start_at", "last_start_run_id", List.of()),
    /** Owns the last success and its records. */
    SUCCEEDED("last_success_at", "last_success_run_id", List.of(new Column("last_success_records", "records"))),
    /** Owns the last failure and its error. */
    FAILED("last_failure_at", "last_failure_run_id", List.of(
            new Column("last_failure_error_type", "errorType"),
            new Column("last_failure_error_message", "errorMessage"),
            new Column("last_failure_root_cause", "errorRootCause")));

    /** A status column and the named parameter it takes its value from. */
    public record Column(String name, String parameter) {
    }

    private final String atColumn;
    private final String runIdColumn;
    private final List<Column> payload;

    EventKind(String atColumn, String runIdColumn, List<Column> payload) {
        this.atColumn = atColumn;
        this.runIdColumn = runIdColumn;
        this.payload = payload;
    }

    /** The kind of {@code event}. */
    public static EventKind of(RunEvent event) {
        if (event instanceof RunEvent.Started) {
            return STARTED;
        }
        return event instanceof RunEvent.Succeeded ? SUCCEEDED : FAILED;
    }

    /** The status column holding this kind's greatest instant. */
    public String atColumn() {
        return atColumn;
    }

    /** The status column holding the run id that goes with it. */
    public String runIdColumn() {
        return runIdColumn;
    }

    /** The other status columns this kind sets. */
    public List<Column> payload() {
        return payload;
    }

    /** True for a success or a failure: the event finishes its run. */
    public boolean finishesRun() {
        return this != STARTED;
    }
}
