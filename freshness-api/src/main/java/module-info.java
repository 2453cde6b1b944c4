/**
 * Freshness: how old each dataset is, per tenant, and whether that is too old for the page that shows it.
 * Applications use {@link dev.freshness.DatasetFreshness}; store authors implement
 * {@link dev.freshness.spi.FreshnessStore}.
 */
module dev.freshness.api {
    requires org.slf4j;

    exports dev.freshness;
    exports dev.freshness.catalog;
    exports dev.freshness.core;
    exports dev.freshness.report;
    exports dev.freshness.rhythm;
    exports dev.freshness.spi;
    exports dev.freshness.track;

    // Schedules read from the properties format come from a provider such as freshness-cron's.
    uses dev.freshness.catalog.ScheduleProvider;
}
