package dev.freshness.cron;

/** The cron dialects a {@link CronSchedule} reads. */
public enum CronSyntax {
    /**
     * Five fields, as crontab(5) has them: minute, hour, day of month, month, day of week (0 or 7 is Sunday, 1
     * Monday; names such as {@code MON-FRI} work too). {@code 0 6 * * 1-5} is 06:00 on weekdays.
     */
    UNIX,
    /**
     * Six or seven fields, as the Quartz scheduler has them: second, minute, hour, day of month, month, day of
     * week (1 is Sunday, 2 Monday; names work too), optionally year; one of the two day fields is {@code ?}.
     * {@code 0 0 6 ? * MON-FRI} is 06:00 on weekdays.
     */
    QUARTZ;

    /** The name the properties catalog uses for it: {@code unix} or {@code quartz}. */
    public String propertyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
