/**
 * Tracks bean methods with an annotation: {@link dev.freshness.spring.RefreshesDataset} on the method,
 * {@link dev.freshness.spring.EnableFreshnessTracking} on a configuration class, and a
 * {@link dev.freshness.DatasetFreshness} bean.
 */
package dev.freshness.spring;
