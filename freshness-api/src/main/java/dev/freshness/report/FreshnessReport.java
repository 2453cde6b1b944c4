package dev.freshness.report;

import dev.freshness.DatasetKey;
import dev.freshness.Scope;
import dev.freshness.catalog.PageDefinition;
import dev.freshness.internal.Checks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one page should say about its data in one scope, at one instant: a {@link DatasetVerdict} for each
 * dataset it needs, in the page's order, and their worst {@link #severity()}. This is the banner.
 *
 * <pre>{@code
 * FreshnessReport report = freshness.report(Scope.tenant("acme"), "hook_analysis");
 * if (report.severity() != Severity.OK) {
 *     banner.show(report.severity(), report.banner());
 * }
 * }</pre>
 *
 * @param scope whose data
 * @param page the page judged
 * @param at the instant of the verdicts
 * @param verdicts one verdict per dataset the page needs, in the order of its requirements
 */
public record FreshnessReport(Scope scope, PageDefinition page, Instant at, List<DatasetVerdict> verdicts) {

    /** Copies the verdicts. */
    public FreshnessReport {
        Checks.notNull(scope, "scope");
        Checks.notNull(page, "page");
        Checks.notNull(at, "at");
        verdicts = List.copyOf(Checks.notNull(verdicts, "verdicts"));
    }

    /** The worst severity of the verdicts; {@link Severity#OK} for a page that needs nothing. */
    public Severity severity() {
        return verdicts.stream().map(DatasetVerdict::severity).reduce(Severity.OK, Severity::worst);
    }

    /** True when every dataset is fresh. */
    public boolean isFresh() {
        return severity() == Severity.OK;
    }

    /** The verdict on {@code dataset}, when the page needs it. */
    public Optional<DatasetVerdict> verdict(DatasetKey dataset) {
        Checks.notNull(dataset, "dataset");
        return verdicts.stream().filter(verdict -> verdict.dataset().key().equals(dataset)).findFirst();
    }

    /** The verdicts at warning or worse, in the page's order. */
    public List<DatasetVerdict> problems() {
        return verdicts.stream().filter(verdict -> verdict.severity() != Severity.OK).toList();
    }

    /** One sentence per dataset, in the page's order, fresh ones included. */
    public List<String> sentences() {
        return verdicts.stream().map(DatasetVerdict::sentence).toList();
    }

    /** The sentences of the {@linkplain #problems() problems}, joined by a space; empty when all is fresh. */
    public String banner() {
        return problems().stream().map(DatasetVerdict::sentence).collect(Collectors.joining(" "));
    }
}
