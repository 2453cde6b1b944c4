package dev.freshness.catalog;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * Makes {@link Schedule}s from text, for the {@linkplain Catalog#fromProperties(java.io.Reader, String)
 * properties format}: a {@code schedule.<name> = <syntax> <expression>} line is read by the provider that knows
 * {@code <syntax>}. Providers are found with {@link java.util.ServiceLoader} (through the thread's context class
 * loader, then the library's own), so a module such as {@code freshness-cron} is switched on by being on the
 * class path or module path.
 */
public interface ScheduleProvider {

    /** The syntaxes this provider reads, in lower case, such as {@code unix} and {@code quartz}. */
    Set<String> syntaxes();

    /**
     * The schedule of {@code expression}.
     *
     * @param syntax one of {@link #syntaxes()}
     * @param expression the expression, such as {@code 0 6 * * MON-FRI}
     * @param zone the zone its times are local to
     * @param grace how long after each due instant a refresh may still arrive (zero or positive)
     * @param holidays the dates on which nothing is due
     * @throws IllegalArgumentException naming the parameter and value when the expression cannot be read
     */
    Schedule schedule(String syntax, String expression, ZoneId zone, Duration grace, Set<LocalDate> holidays);
}
