/**
 * Tracked runs as OpenLineage run events: {@link dev.freshness.openlineage.FreshnessLineage}, a
 * {@link dev.freshness.track.TrackingListener}, and {@link dev.freshness.openlineage.LineageRunIds}, the
 * run id a Freshness run has in OpenLineage.
 */
package dev.freshness.openlineage;
