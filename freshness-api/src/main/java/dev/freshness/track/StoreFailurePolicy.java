package dev.freshness.track;

import java.time.Duration;

/**
 * What a tracked job does when the store fails to record (throws, times out). Either way the job runs to its
 * end and its own value or exception is kept; the {@link TrackingListener} hears of every store error.
 */
public enum StoreFailurePolicy {

    /**
     * Logs the store error through SLF4J at WARN, at most once per {@link #LOG_INTERVAL} per dataset (measured
     * on the instance's clock), with the number of errors left out since the last message. The job's outcome
     * is untouched. The default.
     */
    LOG_AND_CONTINUE,

    /**
     * Surfaces the store error after the job: a job that succeeded throws a {@link RecordingFailedException}
     * instead of returning; a job that failed throws its own exception, with the store error added to it as
     * {@linkplain Throwable#addSuppressed suppressed}. Nothing is logged.
     */
    STRICT;

    /** The shortest time between two WARN messages about store errors for the same dataset. */
    public static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
}
