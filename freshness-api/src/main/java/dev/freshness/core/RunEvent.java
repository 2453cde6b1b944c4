package dev.freshness.core;

import dev.freshness.internal.Checks;

import java.time.Instant;

/**
 * What one run reports for one (scope, dataset): it {@linkplain Started started}, it
 * {@linkplain Succeeded succeeded} with a number of records affected, or it {@linkplain Failed failed} with an
 * error. Each event carries its run id and the instant it happened.
 *
 * <p>Events are facts that stores merge in any order: applying the same set of events in any order, with any
 * event repeated, gives the same {@link DatasetStatus}. See {@link dev.freshness.spi.EventMerge} for the rules.
 */
public sealed interface RunEvent permits RunEvent.Started, RunEvent.Succeeded, RunEvent.Failed {

    /**
     * The earliest instant an event may carry: every store holds instants from here to {@link #LATEST} exactly
     * (to the microsecond), so one outside is rejected before anything is written.
     */
    Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    /** The latest instant an event may carry; see {@link #EARLIEST}. */
    Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** Whose data the run refreshed. */
    Scope scope();

    /** The dataset the run refreshed. */
    DatasetKey dataset();

    /** The run that reports. */
    RunId runId();

    /** When it happened. */
    Instant at();

    /** A new event with the same content and another instant (stores that take time from the database use it). */
    RunEvent at(Instant instant);

    /**
     * The run started refreshing the dataset.
     *
     * @param jobName the job the run belongs to (same syntax as a {@link DatasetKey}), or null when unknown
     */
    record Started(Scope scope, DatasetKey dataset, RunId runId, Instant at, String jobName) implements RunEvent {

        /** Validates every component; see the class documentation of each value type. */
        public Started {
            requireCommon(scope, dataset, runId, at);
            if (jobName != null) {
                DatasetKey.checkIdentifier(jobName, "jobName");
            }
        }

        @Override
        public Started at(Instant instant) {
            return new Started(scope, dataset, runId, instant, jobName);
        }
    }

    /**
     * The run refreshed the dataset.
     *
     * @param recordsAffected how many records the run wrote, 0 or more
     */
    record Succeeded(Scope scope, DatasetKey dataset, RunId runId, Instant at, long recordsAffected)
            implements RunEvent {

        /** Validates every component; {@code recordsAffected} must not be negative. */
        public Succeeded {
            requireCommon(scope, dataset, runId, at);
            Checks.notNegative(recordsAffected, "recordsAffected");
        }

        @Override
        public Succeeded at(Instant instant) {
            return new Succeeded(scope, dataset, runId, instant, recordsAffected);
        }
    }

    /**
     * The run failed to refresh the dataset.
     *
     * @param error what went wrong
     */
    record Failed(Scope scope, DatasetKey dataset, RunId runId, Instant at, JobError error) implements RunEvent {

        /** Validates every component; {@code error} must not be null. */
        public Failed {
            requireCommon(scope, dataset, runId, at);
            Checks.notNull(error, "error");
        }

        @Override
        public Failed at(Instant instant) {
            return new Failed(scope, dataset, runId, instant, error);
        }
    }

    private static void requireCommon(Scope scope, DatasetKey dataset, RunId runId, Instant at) {
        Checks.notNull(scope, "scope");
        Checks.notNull(dataset, "dataset");
        Checks.notNull(runId, "runId");
        Checks.notNull(at, "at");
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new IllegalArgumentException("at must be from " + EARLIEST + " to " + LATEST
                    + " (what every store holds exactly), was " + at);
        }
    }
}
