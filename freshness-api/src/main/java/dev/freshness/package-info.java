/**
 * Freshness: how old each dataset is, per tenant, and whether that is too old for the page that shows it.
 *
 * <p>Start at {@link dev.freshness.DatasetFreshness}, built from a store and a
 * {@link dev.freshness.catalog.Catalog}. The value types it speaks ({@link dev.freshness.core.Scope},
 * {@link dev.freshness.core.DatasetKey}, {@link dev.freshness.core.RunId}, ...) are in
 * {@link dev.freshness.core}; verdicts and reports in {@link dev.freshness.report}; the tracked-job wrapper in
 * {@link dev.freshness.track}; the store SPI in {@link dev.freshness.spi}.
 */
package dev.freshness;
