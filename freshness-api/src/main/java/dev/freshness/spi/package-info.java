/**
 * The store SPI: implement {@link dev.freshness.spi.FreshnessStore} to keep statuses anywhere, follow the merge
 * rules of {@link dev.freshness.spi.EventMerge}, and prove it with the contract suite of
 * {@code freshness-testkit}.
 */
package dev.freshness.spi;
