package dev.freshness.micrometer.internal;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.Severity;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.PageCursor;
import dev.freshness.spi.StatusPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the freshness gauges show, read from the store at most once per refresh interval, however often and by
 * however many registries they are read. One read pages through the statuses of the catalog's datasets across
 * all scopes ({@link FreshnessStore#statusesAcrossScopes}); the statuses come ordered by scope, so each scope is
 * judged as soon as its last status arrives and memory stays that of one scope. Ages are kept as instants and
 * measured against the clock when a gauge is read, so they keep growing between reads.
 */
public final class FreshnessSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger("dev.freshness.micrometer");

    /** How many history records are searched for the last refresh with records, as reports do. */
    static final int HISTORY_SEARCH_LIMIT = 1000;

    private final FreshnessStore store;
    private final Catalog catalog;
    private final Clock clock;
    private final Duration refreshInterval;
    private final int pageSize;
    private final Runnable onReadFailure;
    private final Set<DatasetKey> datasets;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Snapshot current;
    private volatile Instant lastAttempt;

    /**
     * Snapshots of {@code store} judged by {@code catalog}.
     *
     * @param onReadFailure told of each read that failed (the failure is logged here)
     */
    public FreshnessSnapshots(FreshnessStore store, Catalog catalog, Clock clock, Duration refreshInterval,
                              int pageSize, Runnable onReadFailure) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
        this.pageSize = pageSize;
        this.onReadFailure = onReadFailure;
        Set<DatasetKey> keys = new LinkedHashSet<>();
        catalog.datasets().forEach(dataset -> keys.add(dataset.key()));
        catalog.pages().forEach(page -> keys.addAll(page.datasets()));
        this.datasets = Set.copyOf(keys);
    }

    /** Seconds since the last success of {@code dataset} in the global scope; NaN when there is none. */
    public double globalAgeSeconds(DatasetKey dataset) {
        Snapshot snapshot = snapshot();
        return snapshot == null ? Double.NaN : secondsSince(snapshot.globalLastSuccess.get(dataset));
    }

    /** Seconds since the oldest last success of {@code dataset} among tenants; NaN when no tenant has one. */
    public double worstTenantAgeSeconds(DatasetKey dataset) {
        Snapshot snapshot = snapshot();
        return snapshot == null ? Double.NaN : secondsSince(snapshot.oldestTenantLastSuccess.get(dataset));
    }

    /**
     * How many scopes with a status for the page's datasets are at {@code severity} for {@code page}; NaN before
     * the first successful read.
     */
    public double scopesAt(String page, Severity severity) {
        Snapshot snapshot = snapshot();
        if (snapshot == null) {
            return Double.NaN;
        }
        Map<Severity, Integer> counts = snapshot.scopesBySeverity.get(page);
        return counts == null ? 0 : counts.getOrDefault(severity, 0);
    }

    private double secondsSince(Instant instant) {
        if (instant == null) {
            return Double.NaN;
        }
        return Duration.between(instant, clock.instant()).toNanos() / 1e9;
    }

    /**
     * The current snapshot, read again when the interval since the last attempt has passed. A scrape that comes
     * while another thread reads is given the previous snapshot rather than waiting, except the very first.
     */
    private Snapshot snapshot() {
        if (!due()) {
            return current;
        }
        if (current == null) {
            refreshing.lock();
        } else if (!refreshing.tryLock()) {
            return current;
        }
        try {
            if (due()) {
                refresh();
            }
            return current;
        } finally {
            refreshing.unlock();
        }
    }

    /** Due once the interval has passed since the last attempt, or when the clock went back before it. */
    private boolean due() {
        Instant attempted = lastAttempt;
        if (attempted == null) {
            return true;
        }
        Instant now = clock.instant();
        return now.isBefore(attempted) || !now.isBefore(attempted.plus(refreshInterval));
    }

    private void refresh() {
        Instant now = clock.instant();
        lastAttempt = now;
        if (datasets.isEmpty()) {
            current = new Snapshot(Map.of(), Map.of(), Map.of());
            return;
        }
        try {
            current = read(now);
        } catch (RuntimeException failure) {
            onReadFailure.run();
            LOG.warn("Could not read the statuses for the freshness gauges; they show what was read before, and the"
                    + " next read is in {}: {}", refreshInterval, failure.toString());
        }
    }

    private Snapshot read(Instant now) {
        Accumulator accumulator = new Accumulator(now);
        PageCursor cursor = null;
        do {
            StatusPage page = store.statusesAcrossScopes(new CrossScopeQuery(datasets, null, pageSize, cursor));
            for (DatasetStatus status : page.statuses()) {
                accumulator.add(status);
            }
            cursor = page.next();
        } while (cursor != null);
        accumulator.flush();
        return accumulator.snapshot();
    }

    /** Collects one scope's statuses at a time, judging the scope when the next one begins. */
    private final class Accumulator {
        private final Instant now;
        private final Map<DatasetKey, Instant> global = new HashMap<>();
        private final Map<DatasetKey, Instant> oldestTenant = new HashMap<>();
        private final Map<String, Map<Severity, Integer>> pages = new HashMap<>();
        private final Map<DatasetKey, DatasetStatus> scopeStatuses = new HashMap<>();
        private Scope scope;

        Accumulator(Instant now) {
            this.now = now;
            for (PageDefinition page : catalog.pages()) {
                pages.put(page.key(), new EnumMap<>(Severity.class));
            }
        }

        void add(DatasetStatus status) {
            if (scope != null && !scope.equals(status.scope())) {
                flush();
            }
            scope = status.scope();
            scopeStatuses.put(status.dataset(), status);
        }

        void flush() {
            if (scope == null) {
                return;
            }
            for (DatasetStatus status : scopeStatuses.values()) {
                status.lastSuccess().ifPresent(success -> {
                    if (scope.isGlobal()) {
                        global.put(status.dataset(), success.at());
                    } else {
                        oldestTenant.merge(status.dataset(), success.at(), (a, b) -> a.isBefore(b) ? a : b);
                    }
                });
            }
            for (PageDefinition page : catalog.pages()) {
                if (page.datasets().stream().anyMatch(scopeStatuses::containsKey)) {
                    pages.get(page.key()).merge(severity(page), 1, Integer::sum);
                }
            }
            scopeStatuses.clear();
            scope = null;
        }

        private Severity severity(PageDefinition page) {
            Severity worst = Severity.OK;
            for (Requirement requirement : page.requirements()) {
                DatasetStatus status = scopeStatuses.get(requirement.dataset());
                if (status == null) {
                    status = DatasetStatus.empty(scope, requirement.dataset());
                }
                worst = worst.worst(judge(requirement, status).severity());
            }
            return worst;
        }

        /** As a report judges: a requirement that ignores empty refreshes looks in history for one with records. */
        private DatasetVerdict judge(Requirement requirement, DatasetStatus status) {
            DatasetDefinition dataset = catalog.dataset(requirement.dataset()).orElseThrow();
            boolean lastSuccessEmpty = status.lastSuccess().map(success -> success.recordsAffected() == 0).orElse(false);
            if (!requirement.ignoresEmptyRefreshes() || !lastSuccessEmpty) {
                return DatasetVerdict.judge(dataset, requirement, status, now);
            }
            List<RunRecord> history = store.history(status.scope(), status.dataset(), HISTORY_SEARCH_LIMIT);
            DatasetStatus.Success withRecords = history.stream()
                    .filter(record -> record.outcome() == RunRecord.Outcome.SUCCEEDED && record.recordsAffected() > 0)
                    .max(Comparator.comparing(RunRecord::finishedAt))
                    .map(record -> new DatasetStatus.Success(record.runId(), record.finishedAt(), record.recordsAffected()))
                    .orElse(null);
            return DatasetVerdict.judge(dataset, requirement, status, withRecords, now);
        }

        Snapshot snapshot() {
            return new Snapshot(Map.copyOf(global), Map.copyOf(oldestTenant), Map.copyOf(pages));
        }
    }

    private record Snapshot(Map<DatasetKey, Instant> globalLastSuccess, Map<DatasetKey, Instant> oldestTenantLastSuccess,
                            Map<String, Map<Severity, Integer>> scopesBySeverity) {
    }
}
