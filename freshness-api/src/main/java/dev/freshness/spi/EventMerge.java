package dev.freshness.spi;

import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunId;
import dev.freshness.core.RunRecord;
import dev.freshness.core.RunRecord.Outcome;
import dev.freshness.internal.Checks;

import java.time.Instant;
import java.util.Objects;

/**
 * The merge rules every store follows, as pure functions that a store written in Java calls directly (a store
 * that merges in SQL writes the same rules as the conditions of its upserts).
 *
 * <p>The rules make the result independent of the order in which events arrive and of repeats:
 * <ul>
 *   <li>Last start, last success and last failure are each the event of their kind with the greatest
 *       instant; equal instants are ordered by run id. An event that is not greater than the stored one
 *       changes nothing, so re-sending an event is harmless.</li>
 *   <li>A run is in flight while it has a start and no success or failure.</li>
 *   <li>A run that reports both a success and a failure for the same (scope, dataset) is not rejected,
 *       because rejecting would depend on which arrived first: both are kept as facts (the status shows the
 *       later one as the latest attempt), and the run's history outcome is the one with the greater instant,
 *       a failure winning a tie. In short: <b>the last outcome wins</b>.</li>
 *   <li>Two different events of the same kind, run and instant are a caller's mistake; the first stored is
 *       kept.</li>
 * </ul>
 */
public final class EventMerge {

    private EventMerge() {
    }

    /**
     * Merges {@code event} into the last start, success and failure of its (scope, dataset).
     *
     * @return the merged facts; {@code latest} itself when the event changes nothing
     */
    public static LatestEvents merge(LatestEvents latest, RunEvent event) {
        Checks.notNull(latest, "latest");
        Checks.notNull(event, "event");
        if (event instanceof RunEvent.Started started) {
            DatasetStatus.Start stored = latest.lastStart();
            return stored != null && !supersedes(started.at(), started.runId(), stored.at(), stored.runId()) ? latest
                    : new LatestEvents(new DatasetStatus.Start(started.runId(), started.at()), latest.lastSuccess(),
                            latest.lastFailure());
        }
        if (event instanceof RunEvent.Succeeded succeeded) {
            DatasetStatus.Success stored = latest.lastSuccess();
            return stored != null && !supersedes(succeeded.at(), succeeded.runId(), stored.at(), stored.runId()) ? latest
                    : new LatestEvents(latest.lastStart(), new DatasetStatus.Success(succeeded.runId(), succeeded.at(),
                            succeeded.recordsAffected()), latest.lastFailure());
        }
        RunEvent.Failed failed = (RunEvent.Failed) event;
        DatasetStatus.Failure stored = latest.lastFailure();
        return stored != null && !supersedes(failed.at(), failed.runId(), stored.at(), stored.runId()) ? latest
                : new LatestEvents(latest.lastStart(), latest.lastSuccess(),
                        new DatasetStatus.Failure(failed.runId(), failed.at(), failed.error()));
    }

    /**
     * Merges {@code event} into its run's history record. The record keeps the job name of the run's latest
     * start that names one; the starts of one run are expected to carry one job name (several different names for
     * one run are a caller's mistake, and which one is kept then may depend on the order of arrival).
     *
     * @param record the stored record of the event's (scope, dataset, run), or null when there is none
     * @return the merged record; {@code record} itself when the event changes nothing
     */
    public static RunRecord merge(RunRecord record, RunEvent event) {
        Checks.notNull(event, "event");
        if (record == null) {
            return newRecord(event);
        }
        if (!record.runId().equals(event.runId()) || !record.scope().equals(event.scope())
                || !record.dataset().equals(event.dataset())) {
            throw new IllegalArgumentException("event of run " + event.runId() + " cannot merge into the record of run "
                    + record.runId() + " for " + record.scope() + "/" + record.dataset());
        }
        if (event instanceof RunEvent.Started started) {
            boolean later = record.startedAt() == null || started.at().isAfter(record.startedAt());
            String jobName = later && started.jobName() != null ? started.jobName() : record.jobName();
            if (jobName == null) {
                jobName = started.jobName();
            }
            Instant startedAt = later ? started.at() : record.startedAt();
            if (startedAt.equals(record.startedAt()) && Objects.equals(jobName, record.jobName())) {
                return record;
            }
            return new RunRecord(record.scope(), record.dataset(), record.runId(), jobName, startedAt,
                    record.finishedAt(), record.outcome(), record.recordsAffected(), record.error());
        }
        Outcome outcome = event instanceof RunEvent.Succeeded ? Outcome.SUCCEEDED : Outcome.FAILED;
        if (record.finishedAt() != null) {
            int byInstant = event.at().compareTo(record.finishedAt());
            boolean failureWinsTie = byInstant == 0 && outcome == Outcome.FAILED && record.outcome() == Outcome.SUCCEEDED;
            if (byInstant < 0 || (byInstant == 0 && !failureWinsTie)) {
                return record;
            }
        }
        return finished(record.jobName(), record.startedAt(), event);
    }

    /** A greater instant, or the same instant and a greater run id. */
    private static boolean supersedes(Instant at, RunId runId, Instant storedAt, RunId storedRunId) {
        int byInstant = at.compareTo(storedAt);
        return byInstant > 0 || (byInstant == 0 && runId.compareTo(storedRunId) > 0);
    }

    private static RunRecord newRecord(RunEvent event) {
        if (event instanceof RunEvent.Started started) {
            return new RunRecord(started.scope(), started.dataset(), started.runId(), started.jobName(),
                    started.at(), null, null, 0, null);
        }
        return finished(null, null, event);
    }

    private static RunRecord finished(String jobName, Instant startedAt, RunEvent event) {
        if (event instanceof RunEvent.Succeeded succeeded) {
            return new RunRecord(event.scope(), event.dataset(), event.runId(), jobName, startedAt, event.at(),
                    Outcome.SUCCEEDED, succeeded.recordsAffected(), null);
        }
        RunEvent.Failed failed = (RunEvent.Failed) event;
        return new RunRecord(event.scope(), event.dataset(), event.runId(), jobName, startedAt, event.at(),
                Outcome.FAILED, 0, failed.error());
    }
}
