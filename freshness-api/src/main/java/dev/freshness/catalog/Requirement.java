package dev.freshness.catalog;

import dev.freshness.core.DatasetKey;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a page needs of one dataset: refreshed no longer than {@code warnAfter} ago, and optionally no longer
 * than {@code errorAfter} ago.
 *
 * <p>With {@code age} the time from the last refresh to now, the boundaries are inclusive:
 * {@code age <= warnAfter} is FRESH, {@code warnAfter < age <= errorAfter} is STALE, {@code age > errorAfter}
 * is EXPIRED. Without {@code errorAfter} an old dataset stays STALE. {@code errorAfter} may equal
 * {@code warnAfter} (the verdict then goes from FRESH straight to EXPIRED) but not be shorter.
 *
 * <p>By default any success counts as a refresh. {@link #ignoringEmptyRefreshes()} makes only successes that
 * affected at least one record count, for jobs that "succeed" with nothing when their source is down.
 */
public final class Requirement {

    private final DatasetKey dataset;
    private final Duration warnAfter;
    private final Duration errorAfter;
    private final boolean ignoresEmptyRefreshes;

    private Requirement(DatasetKey dataset, Duration warnAfter, Duration errorAfter, boolean ignoresEmptyRefreshes) {
        this.dataset = dataset;
        this.warnAfter = warnAfter;
        this.errorAfter = errorAfter;
        this.ignoresEmptyRefreshes = ignoresEmptyRefreshes;
    }

    /**
     * A page needs {@code dataset} refreshed within {@code warnAfter}; older is a warning.
     *
     * @throws IllegalArgumentException if {@code warnAfter} is zero or negative
     */
    public static Requirement of(String dataset, Duration warnAfter) {
        return new Requirement(DatasetKey.of(dataset), Catalog.positive(warnAfter, "warnAfter"), null, false);
    }

    /**
     * The same requirement, critical when the dataset is older than {@code errorAfter}.
     *
     * @throws IllegalArgumentException if {@code errorAfter} is zero, negative or shorter than {@code warnAfter}
     */
    public Requirement errorAfter(Duration errorAfter) {
        Catalog.positive(errorAfter, "errorAfter");
        if (errorAfter.compareTo(warnAfter) < 0) {
            throw new IllegalArgumentException("errorAfter " + errorAfter + " of dataset '" + dataset
                    + "' is shorter than its warnAfter " + warnAfter);
        }
        return new Requirement(dataset, warnAfter, errorAfter, ignoresEmptyRefreshes);
    }

    /** The same requirement, where a success that affected zero records does not count as a refresh. */
    public Requirement ignoringEmptyRefreshes() {
        return new Requirement(dataset, warnAfter, errorAfter, true);
    }

    /** The dataset needed. */
    public DatasetKey dataset() {
        return dataset;
    }

    /** Older than this is STALE (a warning). */
    public Duration warnAfter() {
        return warnAfter;
    }

    /** Older than this is EXPIRED (critical); empty when STALE is the worst an old dataset gets. */
    public Optional<Duration> errorAfter() {
        return Optional.ofNullable(errorAfter);
    }

    /** True when a success that affected zero records does not count as a refresh. */
    public boolean ignoresEmptyRefreshes() {
        return ignoresEmptyRefreshes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Requirement that && dataset.equals(that.dataset) && warnAfter.equals(that.warnAfter)
                && Objects.equals(errorAfter, that.errorAfter) && ignoresEmptyRefreshes == that.ignoresEmptyRefreshes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataset, warnAfter, errorAfter, ignoresEmptyRefreshes);
    }

    @Override
    public String toString() {
        return dataset + " within " + warnAfter + (errorAfter == null ? "" : ", critical after " + errorAfter)
                + (ignoresEmptyRefreshes ? ", empty refreshes ignored" : "");
    }
}
