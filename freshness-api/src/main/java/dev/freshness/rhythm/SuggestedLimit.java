package dev.freshness.rhythm;

import dev.freshness.catalog.Requirement;
import dev.freshness.internal.Checks;

import java.time.Duration;

/**
 * A maximum age suggested from a dataset's observed rhythm: {@code warnAfter} is the 95th percentile of the
 * intervals between successes, rounded up to a readable unit, and {@code errorAfter} is
 * {@value #ERROR_AFTER_MULTIPLIER} times {@code warnAfter}. A limit set so is met after at least 95 of 100
 * refreshes as they happened in the window; a dataset that goes past twice its slow refreshes has stopped.
 *
 * <p>The rounding: under an hour, up to whole minutes; under 3 days, up to whole hours; from 3 days on, up to
 * whole days (the units the banners use). 35 hours 10 minutes becomes 36 hours, 3 days 1 hour becomes 4 days.
 *
 * @param warnAfter older than this is a warning
 * @param errorAfter older than this is critical
 */
public record SuggestedLimit(Duration warnAfter, Duration errorAfter) {

    /** {@code errorAfter} is this many times {@code warnAfter}. */
    public static final int ERROR_AFTER_MULTIPLIER = 2;

    private static final Duration HOURS_FROM = Duration.ofHours(1);
    private static final Duration DAYS_FROM = Duration.ofDays(3);

    /** Checks that both limits are positive and {@code errorAfter} is not shorter than {@code warnAfter}. */
    public SuggestedLimit {
        Checks.notNull(warnAfter, "warnAfter");
        Checks.notNull(errorAfter, "errorAfter");
        if (warnAfter.isZero() || warnAfter.isNegative()) {
            throw new IllegalArgumentException("warnAfter must be positive, was " + warnAfter);
        }
        if (errorAfter.compareTo(warnAfter) < 0) {
            throw new IllegalArgumentException("errorAfter " + errorAfter + " is shorter than warnAfter " + warnAfter);
        }
    }

    /**
     * The limit for a dataset whose 95th percentile interval between successes is {@code observed}, by the rule
     * above; a zero or negative {@code observed} gives one minute.
     */
    public static SuggestedLimit forObservedInterval(Duration observed) {
        Checks.notNull(observed, "observed");
        Duration warnAfter = roundUp(observed);
        return new SuggestedLimit(warnAfter, warnAfter.multipliedBy(ERROR_AFTER_MULTIPLIER));
    }

    private static Duration roundUp(Duration observed) {
        if (observed.compareTo(HOURS_FROM) < 0) {
            return Duration.ofMinutes(Math.max(1, ceilDiv(observed, Duration.ofMinutes(1))));
        }
        if (observed.compareTo(DAYS_FROM) < 0) {
            return Duration.ofHours(ceilDiv(observed, Duration.ofHours(1)));
        }
        return Duration.ofDays(ceilDiv(observed, Duration.ofDays(1)));
    }

    private static long ceilDiv(Duration duration, Duration unit) {
        long whole = duration.dividedBy(unit);
        return unit.multipliedBy(whole).equals(duration) ? whole : whole + 1;
    }

    /** The requirement of a page on {@code dataset} with these limits. */
    public Requirement toRequirement(String dataset) {
        return Requirement.of(dataset, warnAfter).errorAfter(errorAfter);
    }

    /**
     * The limits as a {@code page.<key>.needs.<dataset>} line of the catalog's properties format says them:
     * {@code "warn 36h, error 3d"}.
     */
    public String toProperty() {
        return "warn " + compact(warnAfter) + ", error " + compact(errorAfter);
    }

    private static String compact(Duration duration) {
        if (duration.toSeconds() % 86_400 == 0) {
            return duration.toDays() + "d";
        }
        if (duration.toSeconds() % 3_600 == 0) {
            return duration.toHours() + "h";
        }
        if (duration.toSeconds() % 60 == 0 && duration.getNano() == 0) {
            return duration.toMinutes() + "m";
        }
        return Math.max(1, duration.toSeconds()) + "s";
    }
}
