package dev.freshness.cron;

import dev.freshness.catalog.Schedule;
import dev.freshness.cron.internal.CronTimes;
import dev.freshness.cron.internal.Description;
import dev.freshness.cron.internal.DueInstants;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A schedule made of a cron expression in a time zone, with a grace period and holidays: what
 * {@link dev.freshness.catalog.Requirement#dueBy(String, Schedule)} needs to say "due by 07:00 Berlin time on
 * business days". Immutable and thread-safe; each {@code with...} method returns a copy.
 *
 * <pre>{@code
 * Schedule mornings = CronSchedule.unix("0 6 * * MON-FRI")      // the job runs at 06:00 on weekdays
 *         .inZone("Europe/Berlin")
 *         .withGrace(Duration.ofHours(1))                       // and may take an hour: due by 07:00
 *         .withHolidays(Holidays.fromResource("holidays-berlin.txt"));
 * Requirement.dueBy("meta_ads_performance", mornings);           // STALE after one missed deadline, EXPIRED after 2
 * }</pre>
 *
 * <p><b>Due instants.</b> Each time the expression names, in the schedule's zone, on a day that is not a holiday,
 * is a due instant: a refresh at or after it meets the deadline {@code due + grace}. Defaults: UTC, no grace, no
 * holidays. Across daylight-saving changes the local time is kept, as a person in the zone reads it: a time that
 * does not exist that day (clocks go forward) is due when the clocks jump, the first instant after the gap (a 02:30
 * deadline on the day Berlin goes from 02:00 to 03:00 is due at 03:00 local time); a time that occurs twice (clocks
 * go back) is due once, at its first occurrence.
 *
 * <p>Bad input is rejected with the parameter and the value named: an expression cron-utils cannot parse, an
 * unknown zone, a negative grace.
 */
public final class CronSchedule implements Schedule {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final int CACHE_LIMIT = 256;

    private final CronSyntax syntax;
    private final String expression;
    private final ZoneId zone;
    private final Duration grace;
    private final Holidays holidays;
    private final CronTimes times;
    private final DueInstants due;
    /**
     * The answers of recent look-ups: a cross-scope check judges every scope at the same instant, so it asks the
     * same few questions once per scope. Bounded by clearing; losing an entry only costs a recomputation.
     */
    private final Map<Instant, Optional<Instant>> latestCache = new ConcurrentHashMap<>();
    private final Map<Instant, Optional<Instant>> earliestCache = new ConcurrentHashMap<>();

    private CronSchedule(CronSyntax syntax, String expression, ZoneId zone, Duration grace, Holidays holidays,
                         CronTimes times) {
        this.syntax = syntax;
        this.expression = expression;
        this.zone = zone;
        this.grace = grace;
        this.holidays = holidays;
        this.times = times;
        this.due = new DueInstants(times, zone, holidays::contains);
    }

    /**
     * A schedule of a five-field Unix cron expression ({@code 0 6 * * MON-FRI}), in UTC, with no grace and no
     * holidays.
     *
     * @throws IllegalArgumentException naming the expression when it is not a Unix cron expression
     */
    public static CronSchedule unix(String expression) {
        return of(CronSyntax.UNIX, expression);
    }

    /**
     * A schedule of a Quartz cron expression ({@code 0 0 6 ? * MON-FRI}), in UTC, with no grace and no holidays.
     *
     * @throws IllegalArgumentException naming the expression when it is not a Quartz cron expression
     */
    public static CronSchedule quartz(String expression) {
        return of(CronSyntax.QUARTZ, expression);
    }

    /**
     * A schedule of {@code expression} in {@code syntax}, in UTC, with no grace and no holidays.
     *
     * @throws IllegalArgumentException naming the expression when it cannot be read
     */
    public static CronSchedule of(CronSyntax syntax, String expression) {
        Objects.requireNonNull(syntax, "syntax must not be null");
        Objects.requireNonNull(expression, "expression must not be null");
        if (expression.isBlank()) {
            throw new IllegalArgumentException("expression must not be blank, was '" + expression + "'");
        }
        String stripped = expression.strip();
        return new CronSchedule(syntax, stripped, UTC, Duration.ZERO, Holidays.none(),
                CronTimes.parse(stripped, syntax == CronSyntax.QUARTZ));
    }

    /** The same schedule, its times local to {@code zone}. */
    public CronSchedule inZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone must not be null");
        return new CronSchedule(syntax, expression, zone, grace, holidays, times);
    }

    /**
     * The same schedule, its times local to the zone {@code zoneId}, such as {@code Europe/Berlin}.
     *
     * @throws IllegalArgumentException naming the zone when it is not a time zone
     */
    public CronSchedule inZone(String zoneId) {
        Objects.requireNonNull(zoneId, "zone must not be null");
        try {
            return inZone(ZoneId.of(zoneId));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone '" + zoneId + "' is not a time zone, such as 'Europe/Berlin': "
                    + e.getMessage(), e);
        }
    }

    /**
     * The same schedule, where a refresh may arrive up to {@code grace} after each due instant.
     *
     * @throws IllegalArgumentException when {@code grace} is negative
     */
    public CronSchedule withGrace(Duration grace) {
        Objects.requireNonNull(grace, "grace must not be null");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, was " + grace);
        }
        return new CronSchedule(syntax, expression, zone, grace, holidays, times);
    }

    /** The same schedule, with nothing due on {@code holidays} (replacing the holidays it had). */
    public CronSchedule withHolidays(Holidays holidays) {
        Objects.requireNonNull(holidays, "holidays must not be null");
        return new CronSchedule(syntax, expression, zone, grace, holidays, times);
    }

    /** The cron syntax of the expression. */
    public CronSyntax syntax() {
        return syntax;
    }

    /** The cron expression. */
    public String expression() {
        return expression;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public Duration grace() {
        return grace;
    }

    /** The dates on which nothing is due. */
    public Holidays holidays() {
        return holidays;
    }

    @Override
    public Optional<Instant> latestDueAtOrBefore(Instant instant) {
        Objects.requireNonNull(instant, "instant must not be null");
        return cached(latestCache, instant, due::latestAtOrBefore);
    }

    @Override
    public Optional<Instant> earliestDueAfter(Instant instant) {
        Objects.requireNonNull(instant, "instant must not be null");
        return cached(earliestCache, instant, due::earliestAfter);
    }

    private static Optional<Instant> cached(Map<Instant, Optional<Instant>> cache, Instant instant,
                                            Function<Instant, Optional<Instant>> lookUp) {
        Optional<Instant> known = cache.get(instant);
        if (known != null) {
            return known;
        }
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        Optional<Instant> found = lookUp.apply(instant);
        cache.put(instant, found);
        return found;
    }

    /**
     * The deadlines in words, in German for a German {@code locale} and in English otherwise:
     * {@code "by 07:00 Europe/Berlin on weekdays"} ({@code "bis 07:00 Europe/Berlin an Wochentagen"}) for an
     * expression of one time of day on some days of the week (the time is the due time plus the grace;
     * "on business days" with holidays), and {@code "at the times of '*&#47;15 * * * *' UTC, within 10 minutes"}
     * for any other.
     */
    @Override
    public String describe(Locale locale) {
        return Description.of(expression, syntax == CronSyntax.QUARTZ, zone, grace, !holidays.isEmpty(), locale);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule that && syntax == that.syntax && expression.equals(that.expression)
                && zone.equals(that.zone) && grace.equals(that.grace) && holidays.equals(that.holidays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(syntax, expression, zone, grace, holidays);
    }

    @Override
    public String toString() {
        return "CronSchedule{" + syntax.propertyName() + " '" + expression + "' " + zone + ", grace " + grace
                + (holidays.isEmpty() ? "" : ", " + holidays) + '}';
    }
}
