/**
 * Meters and observations of tracked runs: {@link dev.freshness.micrometer.FreshnessMetrics} (a
 * {@link dev.freshness.track.TrackingListener} and a Micrometer {@code MeterBinder}) and
 * {@link dev.freshness.micrometer.FreshnessObservations} (a listener that makes each run an {@code Observation}
 * named {@value dev.freshness.micrometer.DefaultFreshnessRunConvention#NAME}).
 */
package dev.freshness.micrometer;
