package dev.freshness.rhythm;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.Scope;
import dev.freshness.internal.DurationText;
import dev.freshness.rhythm.internal.IntervalSamples;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How often a dataset was refreshed in a window ending now, read from run history by {@link RefreshRhythms}:
 * for one scope, or pooled across scopes. Its samples are the intervals between consecutive successes (within
 * each scope); the time since the latest success is not one of them, so a job that stopped shows the rhythm it
 * had while it ran (its report's age shows that it stopped).
 *
 * <p>With fewer samples than the minimum it has {@linkplain #hasEnoughHistory() not enough history}: no median,
 * percentile or suggested limit, and a sentence that says how many samples it had and needs. Both statistics use
 * the nearest-rank definition: the {@code p}th percentile of {@code n} sorted samples is the one at rank
 * {@code ceil(p / 100 * n)}, counted from 1, always an observed interval (the median is the 50th percentile, so of
 * an even number of samples it is the lower of the two middle ones).
 *
 * <p>Immutable and thread-safe.
 */
public final class RefreshRhythm {

    /** The percentile that {@link #percentile95()} and the {@linkplain SuggestedLimit suggested limit} use. */
    public static final int PERCENTILE = 95;

    /**
     * A day of the week counts as a refresh day when it holds at least this share (one third) of the successes of
     * the busiest day: a weekday job that once ran by hand on a Saturday is still "on weekdays only".
     */
    public static final double REFRESH_DAY_SHARE = 1.0 / 3;

    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    private static final Set<DayOfWeek> WEEKENDS = EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);

    private final DatasetKey dataset;
    private final Scope scope;
    private final Instant windowStart;
    private final Instant windowEnd;
    private final int scopesRead;
    private final int successes;
    private final List<Duration> sortedIntervals;
    private final int minimumSamples;
    private final Map<DayOfWeek, Integer> successesByDay;
    private final ZoneId zone;
    private final boolean emptyRefreshesIgnored;
    private final boolean historyCutShort;

    RefreshRhythm(DatasetKey dataset, Scope scope, Instant windowStart, Instant windowEnd, int scopesRead,
                  IntervalSamples samples, int minimumSamples, ZoneId zone, boolean emptyRefreshesIgnored,
                  boolean historyCutShort) {
        this.dataset = dataset;
        this.scope = scope;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.scopesRead = scopesRead;
        this.successes = samples.successes();
        this.sortedIntervals = samples.sortedIntervals();
        this.minimumSamples = minimumSamples;
        this.successesByDay = Collections.unmodifiableMap(new EnumMap<>(samples.successesByDay()));
        this.zone = zone;
        this.emptyRefreshesIgnored = emptyRefreshesIgnored;
        this.historyCutShort = historyCutShort;
    }

    /** The dataset. */
    public DatasetKey dataset() {
        return dataset;
    }

    /** The scope whose history this is; empty when it is pooled across scopes. */
    public Optional<Scope> scope() {
        return Optional.ofNullable(scope);
    }

    /** The start of the window: successes at or after it count. */
    public Instant windowStart() {
        return windowStart;
    }

    /** The end of the window, the clock's instant when the history was read: successes at or before it count. */
    public Instant windowEnd() {
        return windowEnd;
    }

    /** How many scopes had a success in the window and had their history read: 1 or 0 for one scope. */
    public int scopesRead() {
        return scopesRead;
    }

    /** How many successes fell in the window (successes at the same instant in one scope count once). */
    public int successes() {
        return successes;
    }

    /** How many intervals between consecutive successes were observed: the sample count. */
    public int samples() {
        return sortedIntervals.size();
    }

    /** How many samples a median, percentile and suggested limit need. */
    public int minimumSamples() {
        return minimumSamples;
    }

    /** True when there are at least {@link #minimumSamples()} samples. */
    public boolean hasEnoughHistory() {
        return samples() >= minimumSamples;
    }

    /** The median interval between successes (nearest rank); empty without enough history. */
    public Optional<Duration> median() {
        return percentile(50);
    }

    /** The 95th percentile interval between successes (nearest rank); empty without enough history. */
    public Optional<Duration> percentile95() {
        return percentile(PERCENTILE);
    }

    /** The longest interval between successes observed; empty without enough history. */
    public Optional<Duration> longest() {
        return percentile(100);
    }

    private Optional<Duration> percentile(int percentile) {
        return hasEnoughHistory() ? Optional.of(IntervalSamples.nearestRank(sortedIntervals, percentile)) : Optional.empty();
    }

    /** The limit to set, from the 95th percentile by the rule of {@link SuggestedLimit}; empty without enough history. */
    public Optional<SuggestedLimit> suggestedLimit() {
        return percentile95().map(SuggestedLimit::forObservedInterval);
    }

    /** The time zone the days of the week are counted in. */
    public ZoneId zone() {
        return zone;
    }

    /** The successes in the window per day of the week in {@link #zone()}; every day is present, Monday first. */
    public Map<DayOfWeek, Integer> successesByDayOfWeek() {
        return successesByDay;
    }

    /**
     * The days of the week the dataset is refreshed on: those with at least {@link #REFRESH_DAY_SHARE} of the
     * successes of the busiest day; empty when nothing succeeded in the window.
     */
    public Set<DayOfWeek> refreshDays() {
        int busiest = successesByDay.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        successesByDay.forEach((day, count) -> {
            if (count > 0 && count >= busiest * REFRESH_DAY_SHARE) {
                days.add(day);
            }
        });
        return Collections.unmodifiableSet(days);
    }

    /**
     * The {@linkplain #refreshDays() refresh days} in words: {@code "every day"}, {@code "on weekdays only"},
     * {@code "on weekends only"}, {@code "on Mondays and Thursdays only"}, or {@code "on no day"} when nothing
     * succeeded in the window.
     */
    public String dayPattern() {
        Set<DayOfWeek> days = refreshDays();
        if (days.isEmpty()) {
            return "on no day";
        }
        if (days.size() == 7) {
            return "every day";
        }
        if (days.equals(WEEKDAYS)) {
            return "on weekdays only";
        }
        if (days.equals(WEEKENDS)) {
            return "on weekends only";
        }
        List<String> names = days.stream().map(day -> day.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + "s").toList();
        String listed = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return "on " + listed + " only";
    }

    /** True when a success that affected zero records was not counted as a refresh. */
    public boolean emptyRefreshesIgnored() {
        return emptyRefreshesIgnored;
    }

    /**
     * True when some scope's history held more records in the window than {@link RefreshRhythms} reads per scope:
     * the samples then cover only the latest part of the window.
     */
    public boolean historyCutShort() {
        return historyCutShort;
    }

    /**
     * The rhythm in one English sentence: {@code "ad_classifications for tenant:acme is refreshed every 24 hours
     * (median), 36 hours at the 95th percentile, on weekdays only: 19 intervals in the last 28 days"}, or
     * {@code "ad_classifications across 12 scopes has not enough history: 3 intervals between successes in the
     * last 28 days, 10 needed"}.
     */
    public String sentence() {
        String subject = dataset + (scope != null ? " for " + scope : " across " + scopesRead + (scopesRead == 1 ? " scope" : " scopes"));
        String window = " in the last " + DurationText.words(Duration.between(windowStart, windowEnd))
                + (historyCutShort ? " (history cut short)" : "");
        if (!hasEnoughHistory()) {
            return subject + " has not enough history: " + samples() + (samples() == 1 ? " interval" : " intervals")
                    + " between successes" + window + ", " + minimumSamples + " needed";
        }
        return subject + " is refreshed every " + DurationText.words(median().orElseThrow()) + " (median), "
                + DurationText.words(percentile95().orElseThrow()) + " at the 95th percentile, " + dayPattern() + ": "
                + samples() + (samples() == 1 ? " interval" : " intervals") + window;
    }

    @Override
    public String toString() {
        return sentence();
    }
}
