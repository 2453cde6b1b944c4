/** The advice behind {@link dev.freshness.spring.RefreshesDataset}; not exported, free to change. */
package dev.freshness.spring.internal;
