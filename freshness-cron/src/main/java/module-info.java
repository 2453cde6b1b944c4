/**
 * Freshness schedules: {@link dev.freshness.cron.CronSchedule} says when a dataset is due with a cron expression
 * (Unix or Quartz), a time zone, a grace period and {@link dev.freshness.cron.Holidays}, for
 * {@link dev.freshness.catalog.Requirement#dueBy(String, dev.freshness.catalog.Schedule)}. It also reads the
 * {@code schedule.*} lines of the properties catalog. Only {@code dev.freshness.cron} is exported.
 */
// cron-utils ships no module descriptor; its jar names itself com.cronutils (Automatic-Module-Name).
@SuppressWarnings("requires-automatic")
module dev.freshness.cron {
    requires transitive dev.freshness.api;
    requires com.cronutils;

    exports dev.freshness.cron;

    provides dev.freshness.catalog.ScheduleProvider with dev.freshness.cron.CronScheduleProvider;
}
