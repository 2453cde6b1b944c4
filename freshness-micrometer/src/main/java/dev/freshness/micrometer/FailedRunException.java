package dev.freshness.micrometer;

import dev.freshness.core.JobError;

import java.util.Objects;

/**
 * The error a failed run's observation carries: the job's error as the store keeps it (type, message and root
 * cause, redacted by the {@code DatasetFreshness} error redactor), never the job's own exception, so that a
 * secret in its message does not reach a tracing backend. It has no stack trace.
 */
public final class FailedRunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient JobError error;

    /** The failure of a run that failed with {@code error}. */
    public FailedRunException(JobError error) {
        super(Objects.requireNonNull(error, "error must not be null").shortForm(), null, false, false);
        this.error = error;
    }

    /** The run's error, as stored. */
    public JobError error() {
        return error;
    }
}
