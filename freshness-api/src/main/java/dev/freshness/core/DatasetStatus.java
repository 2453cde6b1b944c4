package dev.freshness.core;

import dev.freshness.internal.Checks;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The current fact about one dataset in one scope: its last start, last success and last failure, and the
 * runs in flight. It is what verdicts are computed from, at read time.
 *
 * <p>A status with nothing recorded is {@linkplain #isEmpty() empty}: the dataset was never refreshed in that
 * scope.
 */
public final class DatasetStatus {

    /** A run that started, with when. */
    public record Start(RunId runId, Instant at) {
        /** Both components are required. */
        public Start {
            Checks.notNull(runId, "runId");
            Checks.notNull(at, "at");
        }
    }

    /** A run that succeeded, with when and how many records it affected. */
    public record Success(RunId runId, Instant at, long recordsAffected) {
        /** All components are required; {@code recordsAffected} is 0 or more. */
        public Success {
            Checks.notNull(runId, "runId");
            Checks.notNull(at, "at");
            Checks.notNegative(recordsAffected, "recordsAffected");
        }
    }

    /** A run that failed, with when and the error. */
    public record Failure(RunId runId, Instant at, JobError error) {
        /** All components are required. */
        public Failure {
            Checks.notNull(runId, "runId");
            Checks.notNull(at, "at");
            Checks.notNull(error, "error");
        }
    }

    private static final Comparator<Start> BY_START = Comparator.comparing(Start::at).thenComparing(Start::runId);

    private final Scope scope;
    private final DatasetKey dataset;
    private final Start lastStart;
    private final Success lastSuccess;
    private final Failure lastFailure;
    private final List<Start> runsInFlight;

    private DatasetStatus(Scope scope, DatasetKey dataset, Start lastStart, Success lastSuccess,
                          Failure lastFailure, List<Start> runsInFlight) {
        this.scope = Checks.notNull(scope, "scope");
        this.dataset = Checks.notNull(dataset, "dataset");
        this.lastStart = lastStart;
        this.lastSuccess = lastSuccess;
        this.lastFailure = lastFailure;
        this.runsInFlight = runsInFlight.stream().sorted(BY_START).toList();
    }

    /**
     * A status as a store read it. Every {@code last*} argument may be null (never happened).
     *
     * @param runsInFlight the runs that started and did not finish; kept in order of start, then run id
     */
    public static DatasetStatus of(Scope scope, DatasetKey dataset, Start lastStart, Success lastSuccess,
                                   Failure lastFailure, List<Start> runsInFlight) {
        Checks.notNull(runsInFlight, "runsInFlight");
        return new DatasetStatus(scope, dataset, lastStart, lastSuccess, lastFailure, runsInFlight);
    }

    /** The status of a dataset that nothing was ever recorded for in {@code scope}. */
    public static DatasetStatus empty(Scope scope, DatasetKey dataset) {
        return new DatasetStatus(scope, dataset, null, null, null, List.of());
    }

    /** Whose data this is. */
    public Scope scope() {
        return scope;
    }

    /** Which dataset this is. */
    public DatasetKey dataset() {
        return dataset;
    }

    /** The start with the greatest instant. */
    public Optional<Start> lastStart() {
        return Optional.ofNullable(lastStart);
    }

    /** The success with the greatest instant: what the data's age is measured from. */
    public Optional<Success> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    /** The failure with the greatest instant. */
    public Optional<Failure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** The runs that started and have not finished, oldest first. */
    public List<Start> runsInFlight() {
        return runsInFlight;
    }

    /**
     * True when the latest failure is not older than the latest success (or there is a failure and no success).
     * A failure at the same instant as the success counts as the latest attempt, as in a run's history: the
     * last outcome wins and a failure wins a tie.
     */
    public boolean latestAttemptFailed() {
        return lastFailure != null && (lastSuccess == null || !lastFailure.at().isBefore(lastSuccess.at()));
    }

    /** True when nothing was ever recorded. */
    public boolean isEmpty() {
        return lastStart == null && lastSuccess == null && lastFailure == null && runsInFlight.isEmpty();
    }

    /** A copy with other runs in flight. */
    public DatasetStatus withRunsInFlight(List<Start> runs) {
        return of(scope, dataset, lastStart, lastSuccess, lastFailure, runs);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatasetStatus that && scope.equals(that.scope) && dataset.equals(that.dataset)
                && Objects.equals(lastStart, that.lastStart) && Objects.equals(lastSuccess, that.lastSuccess)
                && Objects.equals(lastFailure, that.lastFailure) && runsInFlight.equals(that.runsInFlight);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, dataset, lastStart, lastSuccess, lastFailure, runsInFlight);
    }

    @Override
    public String toString() {
        return "DatasetStatus{" + scope + ", " + dataset + ", lastStart=" + lastStart + ", lastSuccess="
                + lastSuccess + ", lastFailure=" + lastFailure + ", runsInFlight=" + runsInFlight + '}';
    }
}
