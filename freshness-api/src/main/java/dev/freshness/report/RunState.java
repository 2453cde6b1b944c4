package dev.freshness.report;

import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.core.DatasetStatus;
import dev.freshness.internal.Checks;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * What the runs of one dataset in one scope are doing, at one instant, apart from how old the data is: whether
 * the latest attempt failed, whether a run is refreshing now, and whether a run was abandoned. It needs no age
 * limit, so a dataset no page needs has one too.
 *
 * <ul>
 *   <li><b>Failing</b>: the latest failure came after the latest success (or there was no success).</li>
 *   <li><b>Refreshing</b>: the longest running run in flight that has not outlived its dataset's max run
 *       duration.</li>
 *   <li><b>Abandoned</b>: the latest run in flight for longer than its dataset's max run duration (its process
 *       died) that started no earlier than the latest finished attempt (a retry started in the same instant
 *       counts); an older one was overtaken by a later success or failure and is not worth a word. A run in flight for exactly the max run duration is still refreshing;
 *       one instant more and it is abandoned. A dataset with no max run duration never has abandoned runs.</li>
 * </ul>
 */
public final class RunState {

    private final DatasetStatus.Failure failing;
    private final DatasetStatus.Start refreshing;
    private final DatasetStatus.Start abandoned;

    private RunState(DatasetStatus.Failure failing, DatasetStatus.Start refreshing, DatasetStatus.Start abandoned) {
        this.failing = failing;
        this.refreshing = refreshing;
        this.abandoned = abandoned;
    }

    /** The run state of {@code status} at {@code now}, with the max run duration of {@code dataset}. */
    public static RunState of(DatasetStatus status, DatasetDefinition dataset, Instant now) {
        Checks.notNull(dataset, "dataset");
        return of(status, dataset.maxRunDuration().orElse(null), now);
    }

    /**
     * The run state of {@code status} at {@code now}.
     *
     * @param maxRunDuration how long a run may take before it counts as abandoned; null when runs never do
     */
    public static RunState of(DatasetStatus status, Duration maxRunDuration, Instant now) {
        Checks.notNull(status, "status");
        Checks.notNull(now, "now");
        DatasetStatus.Failure failing = status.latestAttemptFailed() ? status.lastFailure().orElseThrow() : null;
        DatasetStatus.Start refreshing = status.runsInFlight().stream()
                .filter(run -> !outlived(run, maxRunDuration, now)).findFirst().orElse(null);
        Instant latestFinish = latestFinish(status);
        DatasetStatus.Start abandoned = status.runsInFlight().stream()
                .filter(run -> outlived(run, maxRunDuration, now))
                .filter(run -> latestFinish == null || !run.at().isBefore(latestFinish))
                .max(Comparator.comparing(DatasetStatus.Start::at)).orElse(null);
        return new RunState(failing, refreshing, abandoned);
    }

    /** The latest failure, when the latest attempt failed. */
    public Optional<DatasetStatus.Failure> failing() {
        return Optional.ofNullable(failing);
    }

    /** The run refreshing now, when one is. */
    public Optional<DatasetStatus.Start> refreshing() {
        return Optional.ofNullable(refreshing);
    }

    /** The abandoned run worth a word, when there is one. */
    public Optional<DatasetStatus.Start> abandoned() {
        return Optional.ofNullable(abandoned);
    }

    /** True when the latest attempt failed. */
    public boolean isFailing() {
        return failing != null;
    }

    /** True when a run is refreshing now. */
    public boolean isRefreshing() {
        return refreshing != null;
    }

    /** True when a run was abandoned. */
    public boolean isAbandoned() {
        return abandoned != null;
    }

    private static boolean outlived(DatasetStatus.Start run, Duration maxRunDuration, Instant now) {
        return maxRunDuration != null && Duration.between(run.at(), now).compareTo(maxRunDuration) > 0;
    }

    private static Instant latestFinish(DatasetStatus status) {
        Instant success = status.lastSuccess().map(DatasetStatus.Success::at).orElse(null);
        Instant failure = status.lastFailure().map(DatasetStatus.Failure::at).orElse(null);
        if (success == null || failure == null) {
            return success == null ? failure : success;
        }
        return success.isAfter(failure) ? success : failure;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RunState state && Objects.equals(state.failing, failing)
                && Objects.equals(state.refreshing, refreshing) && Objects.equals(state.abandoned, abandoned);
    }

    @Override
    public int hashCode() {
        return Objects.hash(failing, refreshing, abandoned);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RunState{");
        if (failing != null) {
            text.append("failing since ").append(failing.at());
        }
        if (refreshing != null) {
            text.append(text.length() > 9 ? ", " : "").append("refreshing since ").append(refreshing.at());
        }
        if (abandoned != null) {
            text.append(text.length() > 9 ? ", " : "").append("abandoned run started ").append(abandoned.at());
        }
        return text.append(text.length() > 9 ? "}" : "quiet}").toString();
    }
}
