/**
 * Freshness: how old each dataset is, per tenant, and whether that is too old for the page that shows it.
 *
 * <p>Start at {@link dev.freshness.DatasetFreshness}. The value types ({@link dev.freshness.DatasetKey},
 * {@link dev.freshness.Scope}, {@link dev.freshness.RunId}, {@link dev.freshness.RunEvent},
 * {@link dev.freshness.DatasetStatus}) are immutable and validated when built.
 */
package dev.freshness;
