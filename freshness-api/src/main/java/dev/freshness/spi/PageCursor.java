package dev.freshness.spi;

import dev.freshness.internal.Checks;

/**
 * Where the next page of a {@link CrossScopeQuery} starts: after this (scope key, dataset key).
 *
 * @param scopeKey the {@link dev.freshness.core.Scope#key()} of the last status of the previous page
 * @param datasetKey the dataset key of the last status of the previous page
 */
public record PageCursor(String scopeKey, String datasetKey) {

    /** Both components are required. */
    public PageCursor {
        Checks.notNull(scopeKey, "scopeKey");
        Checks.notNull(datasetKey, "datasetKey");
    }

    /**
     * True when (scope key, dataset key) comes strictly after this cursor in page order: scope key first,
     * then dataset key, both compared as {@link String#compareTo}.
     */
    public boolean isBefore(String otherScopeKey, String otherDatasetKey) {
        int byScope = scopeKey.compareTo(otherScopeKey);
        return byScope < 0 || (byScope == 0 && datasetKey.compareTo(otherDatasetKey) < 0);
    }
}
