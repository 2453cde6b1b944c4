package dev.freshness.report.internal;

import dev.freshness.internal.Checks;
import dev.freshness.DatasetKey;
import dev.freshness.DatasetStatus;
import dev.freshness.RunRecord;
import dev.freshness.Scope;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.Severity;
import dev.freshness.report.StaleScopesPage;
import dev.freshness.spi.CrossScopeQuery;
import dev.freshness.spi.FreshnessStore;
import dev.freshness.spi.StatusPage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads statuses from the store and judges them against the catalog: the reports behind
 * {@link dev.freshness.DatasetFreshness#report}, the cross-scope checks and the expected-tenants check.
 *
 * <p>Cost, in store calls:
 * <ul>
 *   <li>A report reads all the page's datasets in one {@code statuses} call. A requirement that ignores empty
 *       refreshes adds one history read when the last success affected no records: the status keeps only the
 *       last success, so the last one with records is searched in the latest {@value #HISTORY_SEARCH_LIMIT}
 *       history records (pruned history cannot be searched; then no refresh with records is known).</li>
 *   <li>The cross-scope checks ask only for the statuses last refreshed before {@code now - the page's
 *       shortest warnAfter} (every other status is fresh by definition), so their cost grows with the stale
 *       scopes, not with all scopes. A page of several datasets adds one {@code statuses} call per candidate
 *       scope, for the datasets the first read did not return (fresh, or never recorded in that scope).
 *       Datasets whose requirement ignores empty refreshes cannot be filtered by their last success and are
 *       read in every scope.</li>
 *   <li>A scope with no status at all for the page's datasets cannot be seen by reading statuses; the
 *       expected-tenants check finds it, by reading every status of the datasets across scopes.</li>
 * </ul>
 * Severity is about age only; a failing latest attempt on fresh data does not make a scope stale.
 */
public final class PageChecks {

    /** How many history records are searched for the last refresh with records. */
    public static final int HISTORY_SEARCH_LIMIT = 1000;

    private static final Comparator<FreshnessReport> WORST_FIRST = Comparator
            .comparing(FreshnessReport::severity).reversed()
            .thenComparing(report -> report.scope().key());

    private final FreshnessStore store;
    private final Catalog catalog;
    private final Clock clock;

    /**
     * @param catalog the rules; null when the application gave none (then only
     *     {@link #tenantsNeverSucceeded(Collection, Collection)} works)
     */
    public PageChecks(FreshnessStore store, Catalog catalog, Clock clock) {
        this.store = Checks.notNull(store, "store");
        this.catalog = catalog;
        this.clock = Checks.notNull(clock, "clock");
    }

    /** The catalog, or null. */
    public Catalog catalog() {
        return catalog;
    }

    /** The report of {@code pageKey} for {@code scope}, at the clock's instant. */
    public FreshnessReport report(Scope scope, String pageKey) {
        Checks.notNull(scope, "scope");
        PageDefinition page = page(pageKey);
        Instant now = clock.instant();
        Set<DatasetKey> keys = new HashSet<>(page.datasets());
        Map<DatasetKey, DatasetStatus> statuses = keys.isEmpty() ? Map.of() : store.statuses(scope, keys);
        return report(scope, page, statuses, now);
    }

    /**
     * One page of the scopes whose report of {@code pageKey} is at warning or worse, worst first.
     *
     * @param after the previous page's cursor, or null for the first page
     */
    public StaleScopesPage staleScopes(String pageKey, StaleScopesPage.Cursor after, int limit) {
        Checks.positive(limit, "limit");
        PageDefinition page = page(pageKey);
        Instant now = clock.instant();
        Map<Scope, Map<DatasetKey, DatasetStatus>> candidates = new TreeMap<>();
        forEachCandidate(page, now, status -> {
            candidates.computeIfAbsent(status.scope(), scope -> new HashMap<>()).put(status.dataset(), status);
            return false;
        });
        // A dataset absent from a candidate's map was refreshed after now - shortest warnAfter (fresh) or has no
        // row in that scope (never succeeded): only reading it tells, so each candidate's report is completed.
        List<FreshnessReport> stale = new ArrayList<>();
        candidates.forEach((scope, statuses) -> {
            FreshnessReport report = complete(scope, page, statuses, now);
            if (report.severity().isAtLeast(Severity.WARNING)) {
                stale.add(report);
            }
        });
        stale.sort(WORST_FIRST);
        List<FreshnessReport> remaining = after == null ? stale : stale.stream()
                .filter(report -> after.isBefore(report.severity(), report.scope().key())).toList();
        List<FreshnessReport> reports = remaining.subList(0, Math.min(limit, remaining.size()));
        FreshnessReport last = reports.isEmpty() ? null : reports.get(reports.size() - 1);
        StaleScopesPage.Cursor next = remaining.size() <= limit ? null
                : new StaleScopesPage.Cursor(last.severity(), last.scope().key());
        return new StaleScopesPage(reports, next);
    }

    /**
     * True when some scope's report of {@code pageKey} is at warning or worse. Stops at the first stale status;
     * for a page of several datasets that found none, also checks the other datasets of the candidate scopes.
     */
    public boolean isAnyScopeStale(String pageKey) {
        PageDefinition page = page(pageKey);
        Instant now = clock.instant();
        boolean found = forEachCandidate(page, now, status -> {
            Requirement requirement = page.requirement(status.dataset()).orElseThrow();
            return judge(requirement, status, now).severity().isAtLeast(Severity.WARNING);
        });
        return found || (page.datasets().size() > 1 && !staleScopes(pageKey, null, 1).reports().isEmpty());
    }

    /**
     * The tenants of {@code expectedTenants}, in the order given, that have no success of at least one of
     * {@code datasets}. Reads every row of those datasets across scopes, {@value CrossScopeQuery#MAX_LIMIT} per
     * store call: a tenant that never ran has no row, so only the expected list can reveal it.
     */
    public List<String> tenantsNeverSucceeded(Collection<DatasetKey> datasets, Collection<String> expectedTenants) {
        Checks.notNull(datasets, "datasets");
        Checks.notNull(expectedTenants, "expectedTenants");
        Set<String> expected = new LinkedHashSet<>();
        for (String tenant : expectedTenants) {
            expected.add(Scope.tenant(tenant).key());
        }
        if (datasets.isEmpty() || expected.isEmpty()) {
            return List.of();
        }
        Map<String, Set<DatasetKey>> succeeded = new HashMap<>();
        CrossScopeQuery query = CrossScopeQuery.of(Set.copyOf(datasets)).limit(CrossScopeQuery.MAX_LIMIT);
        readAll(query, status -> {
            if (status.lastSuccess().isPresent() && expected.contains(status.scope().key())) {
                succeeded.computeIfAbsent(status.scope().key(), scope -> new HashSet<>()).add(status.dataset());
            }
            return false;
        });
        int needed = Set.copyOf(datasets).size();
        return expected.stream().filter(tenant -> succeeded.getOrDefault(tenant, Set.of()).size() < needed).toList();
    }

    /** The datasets {@code pageKey} needs. */
    public List<DatasetKey> datasetsOf(String pageKey) {
        return page(pageKey).datasets();
    }

    /**
     * Feeds {@code visitor} every status that may be at warning or worse for {@code page}, stopping early when
     * it returns true.
     *
     * @return true when the visitor stopped the walk
     */
    private boolean forEachCandidate(PageDefinition page, Instant now, Predicate<DatasetStatus> visitor) {
        Set<DatasetKey> filtered = keysOf(page, requirement -> !requirement.ignoresEmptyRefreshes());
        Set<DatasetKey> unfiltered = keysOf(page, Requirement::ignoresEmptyRefreshes);
        if (!filtered.isEmpty()) {
            Duration shortest = page.requirements().stream().filter(requirement -> !requirement.ignoresEmptyRefreshes())
                    .map(Requirement::warnAfter).min(Duration::compareTo).orElseThrow();
            CrossScopeQuery query = CrossScopeQuery.of(filtered).lastSucceededBefore(now.minus(shortest))
                    .limit(CrossScopeQuery.MAX_LIMIT);
            if (readAll(query, visitor)) {
                return true;
            }
        }
        return !unfiltered.isEmpty() && readAll(CrossScopeQuery.of(unfiltered).limit(CrossScopeQuery.MAX_LIMIT), visitor);
    }

    private boolean readAll(CrossScopeQuery query, Predicate<DatasetStatus> visitor) {
        CrossScopeQuery next = query;
        while (true) {
            StatusPage statusPage = store.statusesAcrossScopes(next);
            for (DatasetStatus status : statusPage.statuses()) {
                if (visitor.test(status)) {
                    return true;
                }
            }
            if (statusPage.nextPage().isEmpty()) {
                return false;
            }
            next = next.after(statusPage.next());
        }
    }

    private static Set<DatasetKey> keysOf(PageDefinition page, Predicate<Requirement> which) {
        return page.requirements().stream().filter(which).map(Requirement::dataset)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private FreshnessReport complete(Scope scope, PageDefinition page, Map<DatasetKey, DatasetStatus> known, Instant now) {
        Set<DatasetKey> missing = new HashSet<>(page.datasets());
        missing.removeAll(known.keySet());
        if (missing.isEmpty()) {
            return report(scope, page, known, now);
        }
        Map<DatasetKey, DatasetStatus> all = new HashMap<>(store.statuses(scope, missing));
        all.putAll(known);
        return report(scope, page, all, now);
    }

    private FreshnessReport report(Scope scope, PageDefinition page, Map<DatasetKey, DatasetStatus> statuses, Instant now) {
        List<DatasetVerdict> verdicts = new ArrayList<>();
        for (Requirement requirement : page.requirements()) {
            DatasetStatus status = statuses.getOrDefault(requirement.dataset(), DatasetStatus.empty(scope, requirement.dataset()));
            verdicts.add(judge(requirement, status, now));
        }
        return new FreshnessReport(scope, page, now, verdicts);
    }

    private DatasetVerdict judge(Requirement requirement, DatasetStatus status, Instant now) {
        DatasetDefinition dataset = catalog.dataset(requirement.dataset()).orElseThrow();
        boolean lastSuccessEmpty = status.lastSuccess().map(success -> success.recordsAffected() == 0).orElse(false);
        if (!requirement.ignoresEmptyRefreshes() || !lastSuccessEmpty) {
            return DatasetVerdict.judge(dataset, requirement, status, now);
        }
        DatasetStatus.Success withRecords = store.history(status.scope(), status.dataset(), HISTORY_SEARCH_LIMIT).stream()
                .filter(record -> record.outcome() == RunRecord.Outcome.SUCCEEDED && record.recordsAffected() > 0)
                .max(Comparator.comparing(RunRecord::finishedAt))
                .map(record -> new DatasetStatus.Success(record.runId(), record.finishedAt(), record.recordsAffected()))
                .orElse(null);
        return DatasetVerdict.judge(dataset, requirement, status, withRecords, now);
    }

    private PageDefinition page(String pageKey) {
        Checks.notNull(pageKey, "pageKey");
        if (catalog == null) {
            throw new IllegalStateException("no catalog: build DatasetFreshness with withCatalog(catalog) to ask for"
                    + " page " + Checks.quote(pageKey));
        }
        return catalog.requirePage(pageKey);
    }
}
