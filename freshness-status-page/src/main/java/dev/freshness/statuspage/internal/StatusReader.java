package dev.freshness.statuspage.internal;

import dev.freshness.DatasetFreshness;
import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunEvent;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.ReportFormatter;
import dev.freshness.report.RunState;
import dev.freshness.report.Severity;
import dev.freshness.report.StaleScopesPage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what one response shows, with a bounded number of store calls whatever the number of tenants:
 * <ul>
 *   <li>a page's scopes at warning or worse come from {@link DatasetFreshness#staleScopes(String,
 *       StaleScopesPage.Cursor, int)}, one part at a time;</li>
 *   <li>its fresh scopes, listed after them, from the statuses of its datasets across scopes in scope order
 *       ({@link dev.freshness.FreshnessRecords#statusesLastSucceededBefore}), a few hundred per store call;</li>
 *   <li>with a tenant chosen, that scope's report of each page, its statuses in one call and the history of
 *       each dataset: a number of calls that depends on the catalog, not on the tenants.</li>
 * </ul>
 */
public final class StatusReader {

    /** How many history records are searched for the last refresh with records, as the API's checks do. */
    private static final int HISTORY_SEARCH_LIMIT = 1000;

    private final DatasetFreshness freshness;
    private final int pageSize;
    private final int timelineRuns;

    /** Reads {@code freshness}, listing {@code pageSize} scopes per page and {@code timelineRuns} runs per dataset. */
    public StatusReader(DatasetFreshness freshness, int pageSize, int timelineRuns) {
        this.freshness = freshness;
        this.pageSize = pageSize;
        this.timelineRuns = timelineRuns;
    }

    /**
     * What the page shows.
     *
     * @param tenant the chosen scope, or empty for every scope
     * @param pagedPage the key of the page whose list continues after {@code after}, or null
     * @param after where that list continues, or null
     */
    public StatusView read(String title, String basePath, ReportFormatter formatter, Optional<Scope> tenant,
                           String pagedPage, ScopeCursor after) {
        Catalog catalog = freshness.catalog();
        Instant now = freshness.clock().instant();
        List<StatusView.PageSection> sections = new ArrayList<>();
        for (PageDefinition page : catalog.pages()) {
            if (page.requirements().isEmpty()) {
                sections.add(new StatusView.PageSection(page, List.of(), null, null));
            } else if (tenant.isPresent()) {
                sections.add(new StatusView.PageSection(page, List.of(freshness.report(tenant.get(), page.key())),
                        null, null));
            } else {
                sections.add(worstFirst(page, page.key().equals(pagedPage) ? after : null, now));
            }
        }
        List<StatusView.DatasetRow> datasets = tenant.map(scope -> datasets(scope, now)).orElse(List.of());
        return new StatusView(title, basePath, now, tenant, List.copyOf(sections), datasets, catalog, formatter);
    }

    private StatusView.PageSection worstFirst(PageDefinition page, ScopeCursor after, Instant now) {
        List<FreshnessReport> reports = new ArrayList<>();
        String freshAfter = null;
        if (after == null || after.severity() != Severity.OK) {
            StaleScopesPage stale = freshness.staleScopes(page.key(),
                    after == null ? null : new StaleScopesPage.Cursor(after.severity(), after.scopeKey()), pageSize);
            reports.addAll(stale.reports());
            if (stale.nextPage().isPresent()) {
                return new StatusView.PageSection(page, reports, after, cursorAfter(reports));
            }
        } else {
            freshAfter = after.scopeKey();
        }
        int wanted = pageSize - reports.size();
        List<FreshnessReport> fresh = freshScopes(page, freshAfter, wanted + 1, now);
        reports.addAll(fresh.subList(0, Math.min(wanted, fresh.size())));
        ScopeCursor next = fresh.size() > wanted && !reports.isEmpty() ? cursorAfter(reports) : null;
        return new StatusView.PageSection(page, reports, after, next);
    }

    private static ScopeCursor cursorAfter(List<FreshnessReport> reports) {
        FreshnessReport last = reports.get(reports.size() - 1);
        return new ScopeCursor(last.severity(), last.scope().key());
    }

    /**
     * Up to {@code limit} scopes whose report of {@code page} is fresh, by scope key, after {@code afterKey}: the
     * statuses of each of the page's datasets are walked in scope order side by side, so each scope's statuses
     * arrive together without a read of their own.
     */
    private List<FreshnessReport> freshScopes(PageDefinition page, String afterKey, int limit, Instant now) {
        Set<DatasetKey> keys = new LinkedHashSet<>(page.datasets());
        List<Walk> walks = new ArrayList<>();
        for (DatasetKey key : keys) {
            walks.add(new Walk(freshness.records().statusesLastSucceededBefore(key.value(), RunEvent.LATEST).iterator()));
        }
        List<FreshnessReport> fresh = new ArrayList<>();
        while (fresh.size() < limit) {
            String scopeKey = walks.stream().map(Walk::headKey).filter(java.util.Objects::nonNull)
                    .min(Comparator.naturalOrder()).orElse(null);
            if (scopeKey == null) {
                break;
            }
            Map<DatasetKey, DatasetStatus> statuses = new HashMap<>();
            for (Walk walk : walks) {
                if (scopeKey.equals(walk.headKey())) {
                    DatasetStatus status = walk.take();
                    statuses.put(status.dataset(), status);
                }
            }
            if (afterKey != null && scopeKey.compareTo(afterKey) <= 0) {
                continue;
            }
            FreshnessReport report = report(Scope.fromKey(scopeKey), page, statuses, now);
            if (report.severity() == Severity.OK) {
                fresh.add(report);
            }
        }
        return fresh;
    }

    private FreshnessReport report(Scope scope, PageDefinition page, Map<DatasetKey, DatasetStatus> statuses, Instant now) {
        List<DatasetVerdict> verdicts = new ArrayList<>();
        for (Requirement requirement : page.requirements()) {
            DatasetStatus status = statuses.getOrDefault(requirement.dataset(), DatasetStatus.empty(scope, requirement.dataset()));
            verdicts.add(judge(definition(requirement.dataset()), requirement, status, now));
        }
        return FreshnessReport.of(scope, page, now, verdicts);
    }

    /** As the API judges: a requirement that ignores empty refreshes looks for the last one with records. */
    private DatasetVerdict judge(DatasetDefinition dataset, Requirement requirement, DatasetStatus status, Instant now) {
        boolean lastSuccessEmpty = status.lastSuccess().map(success -> success.recordsAffected() == 0).orElse(false);
        if (!requirement.ignoresEmptyRefreshes() || !lastSuccessEmpty) {
            return DatasetVerdict.judge(dataset, requirement, status, now);
        }
        DatasetStatus.Success withRecords = freshness.records()
                .history(status.scope(), status.dataset().value(), HISTORY_SEARCH_LIMIT).stream()
                .filter(record -> record.outcome() == RunRecord.Outcome.SUCCEEDED && record.recordsAffected() > 0)
                .max(Comparator.comparing(RunRecord::finishedAt))
                .map(record -> new DatasetStatus.Success(record.runId(), record.finishedAt(), record.recordsAffected()))
                .orElse(null);
        return DatasetVerdict.judge(dataset, requirement, status, withRecords, now);
    }

    private List<StatusView.DatasetRow> datasets(Scope scope, Instant now) {
        Catalog catalog = freshness.catalog();
        List<String> keys = catalog.datasets().stream().map(dataset -> dataset.key().value()).toList();
        Map<DatasetKey, DatasetStatus> statuses = freshness.records().statuses(scope, keys);
        List<StatusView.DatasetRow> rows = new ArrayList<>();
        for (DatasetDefinition dataset : catalog.datasets()) {
            DatasetStatus status = statuses.get(dataset.key());
            Optional<Requirement> rule = catalog.consumersOf(dataset.key()).stream()
                    .map(page -> page.requirement(dataset.key()).orElseThrow())
                    // The strictest maximum age; a schedule, which has no age to compare, after every age.
                    .min(Comparator.comparing(Requirement::isScheduled)
                            .thenComparing(requirement -> requirement.isScheduled() ? Duration.ZERO : requirement.warnAfter()));
            // Pages judge tenants: the global scope has only what a job gave it, so nothing recorded there is no verdict.
            boolean judged = !(scope.isGlobal() && status.isEmpty());
            Optional<DatasetVerdict> verdict = rule.filter(present -> judged)
                    .map(requirement -> judge(dataset, requirement, status, now));
            List<RunRecord> runs = status.isEmpty() ? List.of()
                    : new ArrayList<>(freshness.records().history(scope, dataset.key().value(), timelineRuns));
            runs = reversed(runs);
            rows.add(new StatusView.DatasetRow(dataset, status, rule, verdict, RunState.of(status, dataset, now), runs));
        }
        return List.copyOf(rows);
    }

    private static List<RunRecord> reversed(List<RunRecord> newestFirst) {
        List<RunRecord> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return List.copyOf(oldestFirst);
    }

    private DatasetDefinition definition(DatasetKey key) {
        return freshness.catalog().dataset(key).orElseThrow();
    }

    /** A walk over one dataset's statuses in scope order, looking one ahead. */
    private static final class Walk {
        private final Iterator<DatasetStatus> statuses;
        private DatasetStatus head;

        Walk(Iterator<DatasetStatus> statuses) {
            this.statuses = statuses;
            this.head = statuses.hasNext() ? statuses.next() : null;
        }

        String headKey() {
            return head == null ? null : head.scope().key();
        }

        DatasetStatus take() {
            DatasetStatus taken = head;
            head = statuses.hasNext() ? statuses.next() : null;
            return taken;
        }
    }
}
