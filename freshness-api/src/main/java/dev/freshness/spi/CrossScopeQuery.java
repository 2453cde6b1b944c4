package dev.freshness.spi;

import dev.freshness.core.DatasetKey;
import dev.freshness.core.RunEvent;
import dev.freshness.internal.Checks;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Which statuses {@link FreshnessStore#statusesAcrossScopes} returns: those of the given datasets in every
 * scope, optionally only the ones whose last success is before an instant (or that never succeeded), at most
 * {@code limit} of them, after a cursor.
 *
 * @param datasets the datasets to read; at least one
 * @param lastSucceededBefore keep only statuses with no success, or whose last success is strictly before
 *     this instant; null keeps every status. An instant outside the range events may carry
 *     ({@link RunEvent#EARLIEST} to {@link RunEvent#LATEST}) is moved to its nearest end
 * @param limit the most statuses one page holds, 1 to {@value #MAX_LIMIT}
 * @param after the cursor of the previous page, or null for the first page
 */
public record CrossScopeQuery(Set<DatasetKey> datasets, Instant lastSucceededBefore, int limit, PageCursor after) {

    /** The largest page a store must serve. */
    public static final int MAX_LIMIT = 10_000;

    /** The page size used when none is given. */
    public static final int DEFAULT_LIMIT = 500;

    /** Validates the query; the dataset set is copied. */
    public CrossScopeQuery {
        Checks.notNull(datasets, "datasets");
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("datasets must name at least one dataset");
        }
        datasets = Set.copyOf(datasets);
        if (lastSucceededBefore != null && lastSucceededBefore.isBefore(RunEvent.EARLIEST)) {
            lastSucceededBefore = RunEvent.EARLIEST;
        } else if (lastSucceededBefore != null && lastSucceededBefore.isAfter(RunEvent.LATEST)) {
            lastSucceededBefore = RunEvent.LATEST;
        }
        Checks.positive(limit, "limit");
        if (limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be at most " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** The first page of every status of {@code datasets}. */
    public static CrossScopeQuery of(Set<DatasetKey> datasets) {
        return new CrossScopeQuery(datasets, null, DEFAULT_LIMIT, null);
    }

    /** The same query, keeping only statuses last refreshed before {@code instant}. */
    public CrossScopeQuery lastSucceededBefore(Instant instant) {
        return new CrossScopeQuery(datasets, Checks.notNull(instant, "instant"), limit, after);
    }

    /** The same query with another page size, 1 to {@value #MAX_LIMIT}. */
    public CrossScopeQuery limit(int limit) {
        return new CrossScopeQuery(datasets, lastSucceededBefore, limit, after);
    }

    /** The same query, starting after {@code cursor}. */
    public CrossScopeQuery after(PageCursor cursor) {
        return new CrossScopeQuery(datasets, lastSucceededBefore, limit, Checks.notNull(cursor, "cursor"));
    }

    /** The filter instant, when there is one. */
    public Optional<Instant> filter() {
        return Optional.ofNullable(lastSucceededBefore);
    }

    /** The cursor, when this is not the first page. */
    public Optional<PageCursor> cursor() {
        return Optional.ofNullable(after);
    }
}
