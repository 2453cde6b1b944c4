package dev.freshness.statuspage.internal;

import dev.freshness.catalog.Catalog;
import dev.freshness.catalog.DatasetDefinition;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.catalog.Requirement;
import dev.freshness.core.DatasetStatus;
import dev.freshness.core.RunRecord;
import dev.freshness.core.Scope;
import dev.freshness.report.DatasetVerdict;
import dev.freshness.report.FreshnessReport;
import dev.freshness.report.ReportFormatter;
import dev.freshness.report.RunState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one response shows, read once and written as HTML or JSON.
 *
 * @param title the page's heading
 * @param basePath where the page is mounted, for its links
 * @param at the instant everything was judged at
 * @param tenant the scope the tenant filter chose; empty for every scope
 * @param pages one section per page of the catalog
 * @param datasets with a tenant chosen, every dataset of the catalog in that scope; otherwise none
 * @param catalog the catalog
 * @param formatter says verdicts in words
 */
public record StatusView(String title, String basePath, Instant at, Optional<Scope> tenant, List<PageSection> pages,
                         List<DatasetRow> datasets, Catalog catalog, ReportFormatter formatter) {

    /**
     * One page of the catalog and its scopes, worst first.
     *
     * @param page the page
     * @param reports this part of the list of scopes, worst first
     * @param after the cursor this part starts after, or null for the first part
     * @param next the cursor of the next part, or null on the last
     */
    public record PageSection(PageDefinition page, List<FreshnessReport> reports, ScopeCursor after, ScopeCursor next) {
    }

    /**
     * One dataset in the chosen scope.
     *
     * @param dataset the dataset
     * @param status what the store holds
     * @param rule the strictest requirement of the pages that need it; empty when no page does
     * @param verdict the status judged against the rule; empty when there is no rule, or nothing was recorded
     *     for the global scope
     * @param runState what its runs are doing
     * @param runs its latest runs, oldest first
     */
    public record DatasetRow(DatasetDefinition dataset, DatasetStatus status, Optional<Requirement> rule,
                             Optional<DatasetVerdict> verdict, RunState runState, List<RunRecord> runs) {
    }
}
