package dev.freshness.report.internal;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.internal.Checks;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.InputStatus;
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
 * {@code DatasetFreshness.report}, the cross-scope checks and the expected-tenants check. Every store failure
 * comes out as a {@link StoreException}.
 *
 * <p>Cost, in store calls:
 * <ul>
 *   <li>A report reads all the page's datasets, and every dataset they are derived from (directly or not), in
 *       one {@code statuses} call. A requirement that ignores empty refreshes adds one history read when the
 *       last success affected no records: the status keeps only the last success, so the last one with records
 *       is searched in the latest {@value #HISTORY_SEARCH_LIMIT} history records (pruned history cannot be
 *       searched; then no refresh with records is known).</li>
 *   <li>The cross-scope checks ask only for the statuses last refreshed before {@code now - the page's
 *       shortest warnAfter} (for a scheduled requirement, before its last due instant; the latest of these
 *       instants over the page's requirements), or never (every other status is fresh by definition), so their cost grows with the
 *       stale scopes, not with all scopes. For a page of several datasets, the other datasets of the scopes
 *       found are read with one {@code statuses} call per {@value #SCOPES_PER_READ} scopes. The inputs of the
 *       page's derived datasets are read in the same cross-scope query, with the same cutoff: a derived dataset
 *       is stale in a scope whose input last succeeded before its requirement's cutoff (or never), so that
 *       input's status is found like the dataset's own. A scope missing one of the page's datasets (or inputs)
 *       is found because the library creates empty statuses for the datasets a page
 *       needs together ({@link FreshnessStore#createStatusesIfAbsent}). Datasets whose requirement ignores
 *       empty refreshes cannot be filtered by their last success and are read in every scope. Looking ahead
 *       ({@code staleScopesWithin}) is the same read with the cutoff computed at {@code now + within}: the
 *       statuses that will be stale by then.</li>
 *   <li>A scope with no status at all for the page's datasets cannot be seen by reading statuses; the
 *       expected-tenants check finds it, by reading every status of the datasets across scopes.</li>
 * </ul>
 */
public final class PageChecks {

    /** How many history records are searched for the last refresh with records. */
    public static final int HISTORY_SEARCH_LIMIT = 1000;

    /** How many scopes one {@code statuses} call reads when a cross-scope check completes its reports. */
    static final int SCOPES_PER_READ = 500;

    private static final Comparator<FreshnessReport> WORST_FIRST = Comparator
            .comparing(FreshnessReport::severity).reversed()
            .thenComparing(report -> report.scope().key());

    private final FreshnessStore store;
    private final Catalog catalog;
    private final Clock clock;
    private final Predicate<Scope> behind;

    /** Checks against {@code catalog}, reading {@code store}, at the instants of {@code clock}. */
    public PageChecks(FreshnessStore store, Catalog catalog, Clock clock) {
        this(store, catalog, clock, scope -> false);
    }

    /**
     * As {@link #PageChecks(FreshnessStore, Catalog, Clock)}, marking as possibly behind the reports of the scopes
     * for which {@code behind} says events still wait to be written.
     */
    public PageChecks(FreshnessStore store, Catalog catalog, Clock clock, Predicate<Scope> behind) {
        this.store = Checks.notNull(store, "store");
        this.catalog = Checks.notNull(catalog, "catalog");
        this.clock = Checks.notNull(clock, "clock");
        this.behind = Checks.notNull(behind, "behind");
    }

    /** The report of {@code pageKey} for {@code scope}, at the clock's instant. */
    public FreshnessReport report(Scope scope, String pageKey) {
        Checks.notNull(scope, "scope");
        PageDefinition page = page(pageKey);
        Instant now = clock.instant();
        Set<DatasetKey> keys = readSet(page);
        List<DatasetStatus> statuses = keys.isEmpty() ? List.of()
                : StoreReads.call(() -> "read the statuses of " + scope + " for page " + pageKey,
                        () -> store.statuses(Set.of(scope), keys));
        Map<DatasetKey, DatasetStatus> byDataset = new HashMap<>();
        statuses.forEach(status -> byDataset.put(status.dataset(), status));
        return report(scope, page, byDataset, now);
    }

    /** As {@link #report}, but a store failure gives an unreadable report instead of an exception. */
    public FreshnessReport reportOrUnreadable(Scope scope, String pageKey) {
        Checks.notNull(scope, "scope");
        PageDefinition page = page(pageKey);
        try {
            return report(scope, pageKey);
        } catch (StoreException failure) {
            return FreshnessReport.unreadable(scope, page, clock.instant(), failure)
                    .withPossiblyBehind(behind.test(scope));
        }
    }

    /**
     * One page of the scopes whose report of {@code pageKey} is at warning or worse, worst first.
     *
     * @param after the previous page's cursor, or null for the first page
     */
    public StaleScopesPage staleScopes(String pageKey, StaleScopesPage.Cursor after, int limit) {
        return staleScopesWithin(pageKey, Duration.ZERO, after, limit);
    }

    /**
     * One page of the scopes whose report of {@code pageKey} is at warning or worse now or will be within
     * {@code within} if nothing succeeds meanwhile, worst first (by the severity now), each with its report now.
     * The same read as {@link #staleScopes}, with the cutoff moved {@code within} into the future.
     *
     * @param after the previous page's cursor, or null for the first page
     */
    public StaleScopesPage staleScopesWithin(String pageKey, Duration within, StaleScopesPage.Cursor after, int limit) {
        Checks.positive(limit, "limit");
        PageDefinition page = page(pageKey);
        Instant now = clock.instant();
        Instant horizon = horizon(now, within);
        Map<Scope, Map<DatasetKey, DatasetStatus>> candidates = new TreeMap<>();
        forEachCandidate(page, horizon, status -> {
            candidates.computeIfAbsent(status.scope(), scope -> new HashMap<>()).put(status.dataset(), status);
            return false;
        });
        complete(page, candidates);
        List<FreshnessReport> stale = new ArrayList<>();
        candidates.forEach((scope, statuses) -> {
            FreshnessReport report = report(scope, page, statuses, now);
            if (report.severityAt(horizon).isAtLeast(Severity.WARNING)) {
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
        return StaleScopesPage.of(reports, next);
    }

    /**
     * True when some scope's report of {@code pageKey} is at warning or worse. Stops at the first stale status;
     * for a page of several datasets that found none, also checks the other datasets of the candidate scopes.
     */
    public boolean isAnyScopeStale(String pageKey) {
        return isAnyScopeStaleWithin(pageKey, Duration.ZERO);
    }

    /**
     * True when some scope's report of {@code pageKey} is at warning or worse now or will be within
     * {@code within} if nothing succeeds meanwhile; {@link #isAnyScopeStale} with the cutoff moved into the future.
     */
    public boolean isAnyScopeStaleWithin(String pageKey, Duration within) {
        PageDefinition page = page(pageKey);
        Instant now = clock.instant();
        Instant horizon = horizon(now, within);
        boolean found = forEachCandidate(page, horizon, status -> {
            // A dataset stale by its own refresh is stale whatever its inputs say: its inputs only make it older.
            Requirement requirement = page.requirement(status.dataset()).orElse(null);
            if (requirement != null
                    && judge(requirement, status, Map.of(), now).severityAt(horizon).isAtLeast(Severity.WARNING)) {
                return true;
            }
            return page.requirements().stream()
                    .filter(derived -> catalog.upstreamOf(derived.dataset()).contains(status.dataset()))
                    .anyMatch(derived -> status.lastSuccess().isEmpty()
                            || status.lastSuccess().get().at().isBefore(derived.staleBefore(horizon)));
        });
        return found || (readSet(page).size() > 1 && !staleScopesWithin(pageKey, within, null, 1).reports().isEmpty());
    }

    /** {@code now + within}; the latest instant when that is beyond what an instant can hold. */
    private static Instant horizon(Instant now, Duration within) {
        Checks.notNull(within, "within");
        if (within.isNegative()) {
            throw new IllegalArgumentException("within must not be negative, was " + within);
        }
        try {
            return now.plus(within);
        } catch (ArithmeticException | java.time.DateTimeException beyond) {
            return Instant.MAX;
        }
    }

    /**
     * The tenants of {@code expectedTenants}, in the order given, that have no success of at least one of the
     * datasets {@code pageKey} needs. Reads every row of those datasets across scopes,
     * {@value CrossScopeQuery#MAX_LIMIT} per store call: a tenant that never ran has no row, so only the expected
     * list can reveal it.
     */
    public List<String> tenantsNeverSucceeded(String pageKey, Collection<String> expectedTenants) {
        List<DatasetKey> datasets = page(pageKey).datasets();
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

    /**
     * Feeds {@code visitor} every status that may be at warning or worse for {@code page} at {@code horizon} (now,
     * or an instant ahead when asking what will be stale), stopping early when it returns true.
     *
     * @return true when the visitor stopped the walk
     */
    private boolean forEachCandidate(PageDefinition page, Instant horizon, Predicate<DatasetStatus> visitor) {
        Set<DatasetKey> filtered = keysOf(page, requirement -> !requirement.ignoresEmptyRefreshes());
        Set<DatasetKey> unfiltered = keysOf(page, Requirement::ignoresEmptyRefreshes);
        // Inputs count by their last success, so they are filtered even under a requirement ignoring empty refreshes.
        page.datasets().forEach(dataset -> filtered.addAll(catalog.upstreamOf(dataset)));
        filtered.removeAll(unfiltered);
        if (!filtered.isEmpty()) {
            Instant latestCutoff = page.requirements().stream()
                    .filter(requirement -> !requirement.ignoresEmptyRefreshes()
                            || !catalog.inputsOf(requirement.dataset()).isEmpty())
                    .map(requirement -> requirement.staleBefore(horizon)).max(Instant::compareTo).orElseThrow();
            CrossScopeQuery query = CrossScopeQuery.of(filtered).lastSucceededBefore(latestCutoff)
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
            CrossScopeQuery current = next;
            StatusPage statusPage = StoreReads.call(() -> "read the statuses of " + current.datasets() + " across scopes",
                    () -> store.statusesAcrossScopes(current));
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

    /**
     * Reads the datasets of the page that the cross-scope read did not return for each candidate (fresh ones,
     * or ones the scope has no status for), a few hundred scopes per store call.
     */
    private void complete(PageDefinition page, Map<Scope, Map<DatasetKey, DatasetStatus>> candidates) {
        Set<DatasetKey> all = readSet(page);
        Map<Set<DatasetKey>, List<Scope>> byMissing = new HashMap<>();
        candidates.forEach((scope, known) -> {
            Set<DatasetKey> missing = new HashSet<>(all);
            missing.removeAll(known.keySet());
            if (!missing.isEmpty()) {
                byMissing.computeIfAbsent(missing, datasets -> new ArrayList<>()).add(scope);
            }
        });
        byMissing.forEach((missing, scopes) -> {
            for (int from = 0; from < scopes.size(); from += SCOPES_PER_READ) {
                Set<Scope> chunk = new HashSet<>(scopes.subList(from, Math.min(scopes.size(), from + SCOPES_PER_READ)));
                List<DatasetStatus> found = StoreReads.call(() -> "read the statuses of " + chunk.size() + " scopes for page " + page.key(),
                        () -> store.statuses(chunk, missing));
                found.forEach(status -> candidates.get(status.scope()).putIfAbsent(status.dataset(), status));
            }
        });
    }

    private FreshnessReport report(Scope scope, PageDefinition page, Map<DatasetKey, DatasetStatus> statuses, Instant now) {
        List<DatasetVerdict> verdicts = new ArrayList<>();
        for (Requirement requirement : page.requirements()) {
            DatasetStatus status = statuses.get(requirement.dataset());
            if (status == null || !status.scope().equals(scope)) {
                status = DatasetStatus.empty(scope, requirement.dataset());
            }
            verdicts.add(judge(requirement, status, statuses, now));
        }
        return FreshnessReport.of(scope, page, now, verdicts).withPossiblyBehind(behind.test(scope));
    }

    /**
     * Judges {@code status} against {@code requirement}, with the statuses of its inputs found in {@code statuses}
     * (an input missing there has an empty status; pass an empty map to judge the dataset by its own refresh).
     */
    private DatasetVerdict judge(Requirement requirement, DatasetStatus status, Map<DatasetKey, DatasetStatus> statuses,
                                 Instant now) {
        DatasetDefinition dataset = catalog.dataset(requirement.dataset()).orElseThrow();
        List<InputStatus> inputs = new ArrayList<>();
        if (!statuses.isEmpty()) {
            for (DatasetKey input : catalog.upstreamOf(dataset.key())) {
                DatasetStatus found = statuses.get(input);
                inputs.add(new InputStatus(catalog.dataset(input).orElseThrow(),
                        found == null || !found.scope().equals(status.scope()) ? DatasetStatus.empty(status.scope(), input) : found));
            }
        }
        boolean lastSuccessEmpty = status.lastSuccess().map(success -> success.recordsAffected() == 0).orElse(false);
        if (!requirement.ignoresEmptyRefreshes() || !lastSuccessEmpty) {
            return DatasetVerdict.judge(dataset, requirement, status, null, inputs, now);
        }
        List<RunRecord> history = StoreReads.call(() -> "read the history of " + status.scope() + "/" + status.dataset(),
                () -> store.history(status.scope(), status.dataset(), HISTORY_SEARCH_LIMIT));
        DatasetStatus.Success withRecords = history.stream()
                .filter(record -> record.outcome() == RunRecord.Outcome.SUCCEEDED && record.recordsAffected() > 0)
                .max(Comparator.comparing(RunRecord::finishedAt))
                .map(record -> new DatasetStatus.Success(record.runId(), record.finishedAt(), record.recordsAffected()))
                .orElse(null);
        return DatasetVerdict.judge(dataset, requirement, status, withRecords, inputs, now);
    }

    /** The datasets a report of {@code page} reads: the page's own, then every dataset they are derived from. */
    private Set<DatasetKey> readSet(PageDefinition page) {
        Set<DatasetKey> keys = new LinkedHashSet<>(page.datasets());
        page.datasets().forEach(dataset -> keys.addAll(catalog.upstreamOf(dataset)));
        return keys;
    }

    private PageDefinition page(String pageKey) {
        Checks.notNull(pageKey, "pageKey");
        return catalog.requirePage(pageKey);
    }

}
