package dev.freshness.track;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.spi.FreshnessStore;

/**
 * Instances for tests that track datasets of no particular catalog: the catalog declares nothing and any
 * dataset may be tracked, without a warning.
 */
public final class AnyDataset {

    /** A catalog with no datasets, pages or jobs. */
    public static final Catalog EMPTY_CATALOG = Catalog.builder().build();

    private AnyDataset() {
    }

    /** A builder over {@code store} that tracks any dataset silently ({@link UndeclaredDatasetPolicy#ALLOW}). */
    public static DatasetFreshness.Builder using(FreshnessStore store) {
        return DatasetFreshness.using(store, EMPTY_CATALOG).withUndeclaredDatasetPolicy(UndeclaredDatasetPolicy.ALLOW);
    }
}
