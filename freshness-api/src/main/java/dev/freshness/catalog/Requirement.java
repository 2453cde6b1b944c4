package dev.freshness.catalog;

import dev.freshness.core.DatasetKey;
import dev.freshness.internal.Checks;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
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
 * <p>Instead of a maximum age, a requirement may say when the dataset is due: {@link #dueBy(String, Schedule)}.
 * It is then STALE when it missed its last deadline and EXPIRED when it missed {@link #errorAfterMissed()}
 * deadlines in a row (2 unless {@link #errorAfterMissed(int)} says otherwise); see {@link Schedule} for the
 * exact rule. Such a requirement has no {@code warnAfter}.
 *
 * <p>By default any success counts as a refresh. {@link #ignoringEmptyRefreshes()} makes only successes that
 * affected at least one record count, for jobs that "succeed" with nothing when their source is down.
 */
public final class Requirement {

    /** The number of missed deadlines in a row that makes a scheduled requirement EXPIRED unless told otherwise. */
    public static final int DEFAULT_ERROR_AFTER_MISSED = 2;

    /** The most missed deadlines {@link #errorAfterMissed(int)} accepts: each is looked up when a verdict is made. */
    public static final int MAX_ERROR_AFTER_MISSED = 100;

    private final DatasetKey dataset;
    private final Duration warnAfter;
    private final Duration errorAfter;
    private final boolean ignoresEmptyRefreshes;
    private final Schedule schedule;
    private final int errorAfterMissed;

    private Requirement(DatasetKey dataset, Duration warnAfter, Duration errorAfter, boolean ignoresEmptyRefreshes) {
        this(dataset, warnAfter, errorAfter, ignoresEmptyRefreshes, null, 0);
    }

    private Requirement(DatasetKey dataset, Duration warnAfter, Duration errorAfter, boolean ignoresEmptyRefreshes,
                        Schedule schedule, int errorAfterMissed) {
        this.dataset = dataset;
        this.warnAfter = warnAfter;
        this.errorAfter = errorAfter;
        this.ignoresEmptyRefreshes = ignoresEmptyRefreshes;
        this.schedule = schedule;
        this.errorAfterMissed = errorAfterMissed;
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
     * A page needs {@code dataset} refreshed by each deadline of {@code schedule}; one missed deadline is a
     * warning, {@value #DEFAULT_ERROR_AFTER_MISSED} missed in a row are critical (see {@link #errorAfterMissed(int)}).
     */
    public static Requirement dueBy(String dataset, Schedule schedule) {
        return new Requirement(DatasetKey.of(dataset), null, null, false,
                Checks.notNull(schedule, "schedule"), DEFAULT_ERROR_AFTER_MISSED);
    }

    /**
     * The same scheduled requirement, critical once {@code deadlines} deadlines in a row were missed (1 makes the
     * first missed deadline critical).
     *
     * @throws IllegalArgumentException if {@code deadlines} is not between 1 and {@value #MAX_ERROR_AFTER_MISSED}
     * @throws IllegalStateException if this requirement is a maximum age, not a schedule
     */
    public Requirement errorAfterMissed(int deadlines) {
        if (schedule == null) {
            throw new IllegalStateException("errorAfterMissed applies to a scheduled requirement; the requirement on '"
                    + dataset + "' is a maximum age (use errorAfter)");
        }
        if (deadlines < 1 || deadlines > MAX_ERROR_AFTER_MISSED) {
            throw new IllegalArgumentException("errorAfterMissed must be between 1 and " + MAX_ERROR_AFTER_MISSED
                    + ", was " + deadlines);
        }
        return new Requirement(dataset, null, null, ignoresEmptyRefreshes, schedule, deadlines);
    }

    /**
     * The same requirement, critical when the dataset is older than {@code errorAfter}.
     *
     * @throws IllegalArgumentException if {@code errorAfter} is zero, negative or shorter than {@code warnAfter}
     * @throws IllegalStateException if this requirement is a schedule (use {@link #errorAfterMissed(int)})
     */
    public Requirement errorAfter(Duration errorAfter) {
        if (schedule != null) {
            throw new IllegalStateException("errorAfter applies to a maximum age; the requirement on '" + dataset
                    + "' is a schedule (use errorAfterMissed)");
        }
        Catalog.positive(errorAfter, "errorAfter");
        if (errorAfter.compareTo(warnAfter) < 0) {
            throw new IllegalArgumentException("errorAfter " + errorAfter + " of dataset '" + dataset
                    + "' is shorter than its warnAfter " + warnAfter);
        }
        return new Requirement(dataset, warnAfter, errorAfter, ignoresEmptyRefreshes);
    }

    /** The same requirement, where a success that affected zero records does not count as a refresh. */
    public Requirement ignoringEmptyRefreshes() {
        return new Requirement(dataset, warnAfter, errorAfter, true, schedule, errorAfterMissed);
    }

    /** The dataset needed. */
    public DatasetKey dataset() {
        return dataset;
    }

    /**
     * Older than this is STALE (a warning).
     *
     * @throws IllegalStateException when this requirement is a schedule, which has no maximum age (see
     *     {@link #isScheduled()})
     */
    public Duration warnAfter() {
        if (schedule != null) {
            throw new IllegalStateException("the requirement on '" + dataset + "' is a schedule (due "
                    + schedule.describe(Locale.ENGLISH) + "), not a maximum age: it has no warnAfter");
        }
        return warnAfter;
    }

    /**
     * Older than this is EXPIRED (critical); empty when STALE is the worst an old dataset gets, and for a
     * scheduled requirement.
     */
    public Optional<Duration> errorAfter() {
        return Optional.ofNullable(errorAfter);
    }

    /** True when this requirement says when the dataset is due rather than how old it may be. */
    public boolean isScheduled() {
        return schedule != null;
    }

    /** When the dataset is due; empty for a maximum age. */
    public Optional<Schedule> schedule() {
        return Optional.ofNullable(schedule);
    }

    /**
     * How many deadlines missed in a row make a scheduled requirement EXPIRED; 0 for a maximum age.
     */
    public int errorAfterMissed() {
        return errorAfterMissed;
    }

    /**
     * The instant a refresh must not be older than at {@code now} for this requirement to be met: a last
     * refresh strictly before it is at warning or worse. For a maximum age, {@code now - warnAfter}; for a
     * schedule, the last due instant (the latest due instant at or before {@code now - grace}), or
     * {@link Instant#MIN} when nothing was due yet. Cross-scope checks read only the statuses refreshed before it.
     */
    public Instant staleBefore(Instant now) {
        Checks.notNull(now, "now");
        if (schedule == null) {
            return minus(now, warnAfter);
        }
        return schedule.latestDueAtOrBefore(minus(now, schedule.grace())).orElse(Instant.MIN);
    }

    static Instant minus(Instant instant, Duration duration) {
        try {
            return instant.minus(duration);
        } catch (ArithmeticException | DateTimeException beyond) {
            return duration.isNegative() ? Instant.MAX : Instant.MIN;
        }
    }

    /** True when a success that affected zero records does not count as a refresh. */
    public boolean ignoresEmptyRefreshes() {
        return ignoresEmptyRefreshes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Requirement that && dataset.equals(that.dataset)
                && Objects.equals(warnAfter, that.warnAfter) && Objects.equals(errorAfter, that.errorAfter)
                && ignoresEmptyRefreshes == that.ignoresEmptyRefreshes && Objects.equals(schedule, that.schedule)
                && errorAfterMissed == that.errorAfterMissed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataset, warnAfter, errorAfter, ignoresEmptyRefreshes, schedule, errorAfterMissed);
    }

    @Override
    public String toString() {
        String rule = schedule != null
                ? dataset + " due " + schedule.describe(Locale.ENGLISH) + ", critical after "
                        + errorAfterMissed + " missed"
                : dataset + " within " + warnAfter + (errorAfter == null ? "" : ", critical after " + errorAfter);
        return rule + (ignoresEmptyRefreshes ? ", empty refreshes ignored" : "");
    }
}
