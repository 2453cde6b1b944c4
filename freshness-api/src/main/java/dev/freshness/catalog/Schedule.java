package dev.freshness.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * When a dataset is due: the instants from which on a refresh counts for the next deadline, and how long a
 * refresh may take after each of them. A {@linkplain Requirement#dueBy(String, Schedule) scheduled requirement}
 * judges a dataset by it instead of by a maximum age. The API ships no implementation: {@code freshness-cron}
 * reads cron expressions, and an application may write its own.
 *
 * <p><b>Semantics.</b> Each due instant {@code D} has a deadline {@code D + grace}. At an instant {@code t}, the
 * last due instant is the latest due instant at or before {@code t - grace}: the dataset has <i>missed</i> it
 * when its last refresh is before it (a refresh at exactly {@code D} meets it). One missed deadline is STALE, a
 * configured number of missed deadlines in a row ({@link Requirement#errorAfterMissed()}, 2 by default) is
 * EXPIRED. Typically the due instants are the times the producing job is scheduled at, and the grace is how
 * long it may take: a job scheduled at 06:00 with a grace of one hour is "due by 07:00".
 *
 * <p>Implementations are immutable and thread-safe, and their instants are totally ordered: two due instants
 * are never equal (a schedule whose times collapse onto one instant, as in a daylight-saving gap, says it once).
 * They should implement {@code equals} so that two requirements on the same schedule are equal.
 */
public interface Schedule {

    /**
     * The latest due instant at or before {@code instant}; empty when nothing was due by then.
     *
     * @throws NullPointerException when {@code instant} is null
     */
    Optional<Instant> latestDueAtOrBefore(Instant instant);

    /**
     * The earliest due instant strictly after {@code instant}; empty when nothing is due after it.
     *
     * @throws NullPointerException when {@code instant} is null
     */
    Optional<Instant> earliestDueAfter(Instant instant);

    /** How long after each due instant a refresh may still arrive before the deadline is missed; zero by default. */
    default Duration grace() {
        return Duration.ZERO;
    }

    /** The time zone the schedule's deadlines are said in ("Friday 06:12", "Monday's 07:00"). */
    ZoneId zone();

    /**
     * The deadlines in words, as they follow "due" in a sentence, in {@code locale} where the implementation
     * knows it (English otherwise): {@code "by 07:00 Europe/Berlin on weekdays"}.
     */
    String describe(Locale locale);
}
