package dev.freshness.cron;

import dev.freshness.catalog.Schedule;
import dev.freshness.catalog.ScheduleProvider;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the {@code unix} and {@code quartz} schedules of the properties catalog
 * ({@link dev.freshness.catalog.Catalog#fromProperties(java.io.Reader, String)}) as {@link CronSchedule}s. The
 * catalog finds it through {@link java.util.ServiceLoader} when this module is on the class path or module path;
 * applications do not call it.
 */
public final class CronScheduleProvider implements ScheduleProvider {

    /** The provider {@link java.util.ServiceLoader} makes. */
    public CronScheduleProvider() {
    }

    @Override
    public Set<String> syntaxes() {
        return Set.of(CronSyntax.UNIX.propertyName(), CronSyntax.QUARTZ.propertyName());
    }

    @Override
    public Schedule schedule(String syntax, String expression, ZoneId zone, Duration grace, Set<LocalDate> holidays) {
        CronSyntax cronSyntax;
        try {
            cronSyntax = CronSyntax.valueOf(syntax.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("syntax '" + syntax + "' is not one of " + syntaxes(), e);
        }
        return CronSchedule.of(cronSyntax, expression).inZone(zone).withGrace(grace).withHolidays(Holidays.of(holidays));
    }
}
