package dev.freshness.rhythm.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The intervals between consecutive successes of one or several scopes, and the successes per day of the week.
 * Intervals are taken within each scope and then pooled: a success of one tenant never closes an interval of
 * another. Not thread-safe; one instance per computation.
 */
public final class IntervalSamples {

    private final ZoneId zone;
    private final List<Duration> intervals = new ArrayList<>();
    private final Map<DayOfWeek, Integer> successesByDay = new EnumMap<>(DayOfWeek.class);
    private int successes;

    /** Collects samples whose days of the week are counted in {@code zone}. */
    public IntervalSamples(ZoneId zone) {
        this.zone = zone;
        for (DayOfWeek day : DayOfWeek.values()) {
            successesByDay.put(day, 0);
        }
    }

    /**
     * Adds the successes of one scope, in any order. Two successes at the same instant (two producers finishing
     * together) are one refresh, so that no interval is zero.
     */
    public void addScope(Collection<Instant> successInstants) {
        TreeSet<Instant> ordered = new TreeSet<>(successInstants);
        Instant previous = null;
        for (Instant success : ordered) {
            successes++;
            successesByDay.merge(success.atZone(zone).getDayOfWeek(), 1, Integer::sum);
            if (previous != null) {
                intervals.add(Duration.between(previous, success));
            }
            previous = success;
        }
    }

    /** The intervals collected, shortest first. */
    public List<Duration> sortedIntervals() {
        return intervals.stream().sorted().toList();
    }

    /** How many distinct successes were added. */
    public int successes() {
        return successes;
    }

    /** The successes per day of the week, every day present. */
    public Map<DayOfWeek, Integer> successesByDay() {
        return new EnumMap<>(successesByDay);
    }

    /**
     * The nearest-rank percentile of {@code sorted} (shortest first, not empty): the value at rank
     * {@code ceil(percentile / 100 * n)}, counted from 1. It is always one of the samples, never an interpolation.
     */
    public static Duration nearestRank(List<Duration> sorted, int percentile) {
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        if (percentile < 1 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be between 1 and 100, was " + percentile);
        }
        // Integer arithmetic: 0.95 * 20 in doubles is not exactly 19, and its ceiling would be one rank too far.
        long rank = ((long) percentile * sorted.size() + 99) / 100;
        return sorted.get((int) Math.max(rank, 1) - 1);
    }
}
