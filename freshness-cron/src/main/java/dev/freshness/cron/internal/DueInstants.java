package dev.freshness.cron.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The due instants of a schedule: the wall-clock times of its cron expression in its zone, on days that are not
 * holidays, as a person in that zone reads them across daylight-saving changes:
 * <ul>
 *   <li>a time that does not exist that day (in the gap when clocks go forward) is due when the clocks jump, the
 *       first instant after the gap: a 02:30 deadline on the day Berlin goes from 02:00 to 03:00 is due at 03:00
 *       local time; several times inside one gap are due once, at that instant;</li>
 *   <li>a time that occurs twice (in the overlap when clocks go back) is due at its first occurrence, once.</li>
 * </ul>
 */
public final class DueInstants {

    /** How many holidays in a row a search skips before it gives up (over 27 years of daily holidays). */
    private static final int MAX_SKIPPED_DAYS = 10_000;

    private final CronTimes times;
    private final ZoneRules rules;
    private final ZoneId zone;
    private final Predicate<LocalDate> holiday;

    /** The due instants of {@code times} in {@code zone}, except on the dates {@code holiday} accepts. */
    public DueInstants(CronTimes times, ZoneId zone, Predicate<LocalDate> holiday) {
        this.times = times;
        this.zone = zone;
        this.rules = zone.getRules();
        this.holiday = holiday;
    }

    /** The instant a wall-clock time of the zone is due at, by the rules above. */
    public static Instant instantOf(LocalDateTime local, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return ZonedDateTime.ofLocal(local, zone, null).toInstant(); // the earlier offset of an overlap
    }

    /** The latest due instant at or before {@code instant}. */
    public Optional<Instant> latestAtOrBefore(Instant instant) {
        LocalDateTime local = localOf(instant);
        if (local == null) {
            return Optional.empty();
        }
        // Inside an overlap's second pass, the wall-clock times up to the end of the overlap were due at their
        // first occurrence, which is already past.
        ZoneOffsetTransition previous = rules.previousTransition(instant.plusNanos(1));
        Optional<LocalDateTime> candidate;
        if (previous != null && previous.isOverlap()
                && instant.isBefore(previous.getInstant().plus(previous.getDuration().abs()))) {
            candidate = times.latestBefore(previous.getDateTimeBefore());
        } else {
            candidate = times.latestAtOrBefore(local);
        }
        for (int skipped = 0; candidate.isPresent() && skipped < MAX_SKIPPED_DAYS; skipped++) {
            LocalDateTime time = candidate.get();
            if (holiday.test(time.toLocalDate())) {
                candidate = times.latestBefore(time.toLocalDate().atStartOfDay());
                continue;
            }
            Instant due = instantOf(time, zone);
            if (!due.isAfter(instant)) {
                return Optional.of(due);
            }
            candidate = times.latestBefore(time); // never expected: the wall-clock bound above is exact
        }
        return Optional.empty();
    }

    /** The earliest due instant strictly after {@code instant}. */
    public Optional<Instant> earliestAfter(Instant instant) {
        LocalDateTime local = localOf(instant);
        if (local == null) {
            return Optional.empty();
        }
        Optional<LocalDateTime> candidate = times.earliestAfter(local);
        for (int skipped = 0; candidate.isPresent() && skipped < MAX_SKIPPED_DAYS; skipped++) {
            LocalDateTime time = candidate.get();
            if (holiday.test(time.toLocalDate())) {
                candidate = times.earliestAtOrAfter(time.toLocalDate().plusDays(1).atStartOfDay());
                continue;
            }
            Instant due = instantOf(time, zone);
            if (due.isAfter(instant)) {
                return Optional.of(due);
            }
            // A time in an overlap's second pass, due at its first occurrence, or one in the gap just passed.
            candidate = times.earliestAfter(time);
        }
        return Optional.empty();
    }

    private LocalDateTime localOf(Instant instant) {
        try {
            return LocalDateTime.ofInstant(instant, zone);
        } catch (java.time.DateTimeException beyond) {
            return null;
        }
    }
}
