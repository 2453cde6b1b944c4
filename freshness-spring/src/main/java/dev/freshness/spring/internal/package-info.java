/** The advice behind {@code @RefreshesDataset}; not exported, free to change. */
package dev.freshness.spring.internal;
