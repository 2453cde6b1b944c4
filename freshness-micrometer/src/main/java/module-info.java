/**
 * Freshness for Micrometer: {@link dev.freshness.micrometer.FreshnessMetrics} counts and times tracked runs and
 * shows freshness as gauges; {@link dev.freshness.micrometer.FreshnessObservations} makes each tracked run a
 * Micrometer {@code Observation}. Only {@code dev.freshness.micrometer} is exported.
 */
// Micrometer ships no module descriptors; its jars name themselves micrometer.* (Automatic-Module-Name).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.freshness.micrometer {
    requires transitive dev.freshness.api;
    // The public types implement MeterBinder and ObservationConvention, and take KeyValues.
    requires transitive micrometer.core;
    requires transitive micrometer.observation;
    requires transitive micrometer.commons;
    requires org.slf4j;

    exports dev.freshness.micrometer;
}
