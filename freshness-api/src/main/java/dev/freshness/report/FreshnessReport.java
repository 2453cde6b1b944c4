package dev.freshness.report;

import dev.freshness.catalog.PageDefinition;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.Scope;
import dev.freshness.core.StoreException;
import dev.freshness.internal.Checks;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one page should say about its data in one scope, at one instant: a {@link DatasetVerdict} for each
 * dataset it needs, in the page's order, and their worst {@link #severity()}. This is the banner.
 *
 * <pre>{@code
 * FreshnessReport report = freshness.report(Scope.tenant("acme"), "hook_analysis");
 * if (!report.isFresh()) {
 *     banner.show(report.severity(), report.banner());
 * }
 * }</pre>
 *
 * <p>A report asked for with {@code DatasetFreshness.reportOrUnreadable} may be {@linkplain #isReadable()
 * unreadable}: the store failed, so it has no verdicts, its severity is {@link Severity#WARNING} and its banner
 * says that the freshness could not be checked. Immutable.
 */
public final class FreshnessReport {

    private final Scope scope;
    private final PageDefinition page;
    private final Instant at;
    private final List<DatasetVerdict> verdicts;
    private final StoreException readFailure;
    private final boolean possiblyBehind;

    private FreshnessReport(Scope scope, PageDefinition page, Instant at, List<DatasetVerdict> verdicts,
                            StoreException readFailure, boolean possiblyBehind) {
        this.scope = Checks.notNull(scope, "scope");
        this.page = Checks.notNull(page, "page");
        this.at = Checks.notNull(at, "at");
        this.verdicts = List.copyOf(Checks.notNull(verdicts, "verdicts"));
        this.readFailure = readFailure;
        this.possiblyBehind = possiblyBehind;
    }

    /**
     * A report of the verdicts on {@code page}'s datasets in {@code scope}.
     *
     * @param verdicts one verdict per dataset the page needs, in the order of its requirements
     */
    public static FreshnessReport of(Scope scope, PageDefinition page, Instant at, List<DatasetVerdict> verdicts) {
        return new FreshnessReport(scope, page, at, verdicts, null, false);
    }

    /** A report that could not be read, because the store failed with {@code failure}. */
    public static FreshnessReport unreadable(Scope scope, PageDefinition page, Instant at, StoreException failure) {
        return new FreshnessReport(scope, page, at, List.of(), Checks.notNull(failure, "failure"), false);
    }

    /**
     * This report, marked as possibly behind (or not): events of its scope that a tracked job could not write
     * still wait in the redelivery queue, so the store may not yet hold the latest runs. Its verdicts and
     * severity are those of what the store holds.
     */
    public FreshnessReport withPossiblyBehind(boolean behind) {
        return behind == possiblyBehind ? this
                : new FreshnessReport(scope, page, at, verdicts, readFailure, behind);
    }

    /**
     * True when events of this scope were still waiting to be written when the report was made (the store
     * failed, and the redelivery has not yet written them): the verdicts may be older than the truth, so a page
     * can say that its freshness may be out of date. Known without a store call.
     */
    public boolean possiblyBehind() {
        return possiblyBehind;
    }

    /** Whose data. */
    public Scope scope() {
        return scope;
    }

    /** The page judged. */
    public PageDefinition page() {
        return page;
    }

    /** The instant of the verdicts. */
    public Instant at() {
        return at;
    }

    /** One verdict per dataset the page needs, in the order of its requirements; none when unreadable. */
    public List<DatasetVerdict> verdicts() {
        return verdicts;
    }

    /** False when the store could not be read; see {@link #readFailure()}. */
    public boolean isReadable() {
        return readFailure == null;
    }

    /** Why the report could not be read, when it could not. */
    public Optional<StoreException> readFailure() {
        return Optional.ofNullable(readFailure);
    }

    /**
     * The worst severity of the verdicts; {@link Severity#OK} for a page that needs nothing, and
     * {@link Severity#WARNING} for a report that could not be read.
     */
    public Severity severity() {
        if (readFailure != null) {
            return Severity.WARNING;
        }
        return verdicts.stream().map(DatasetVerdict::severity).reduce(Severity.OK, Severity::worst);
    }

    /** True when the report was read and every dataset is fresh. */
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

    /**
     * The instant after which this report is at warning or worse if nothing succeeds meanwhile: the earliest
     * {@link DatasetVerdict#warningAfter()} of its verdicts. Empty when it is at warning or worse already, when
     * no verdict will turn (a schedule with no further deadline), and when the report could not be read.
     */
    public Optional<Instant> warningAfter() {
        if (!isReadable() || severity() != Severity.OK) {
            return Optional.empty();
        }
        return verdicts.stream().map(DatasetVerdict::warningAfter).flatMap(Optional::stream).min(Instant::compareTo);
    }

    /**
     * The instant after which this report is critical if nothing succeeds meanwhile: the earliest
     * {@link DatasetVerdict#criticalAfter()} of its verdicts. Empty when it is critical already, when no verdict
     * will turn critical (an age requirement without {@code errorAfter}), and when the report could not be read.
     */
    public Optional<Instant> criticalAfter() {
        if (!isReadable() || severity() == Severity.CRITICAL) {
            return Optional.empty();
        }
        return verdicts.stream().map(DatasetVerdict::criticalAfter).flatMap(Optional::stream).min(Instant::compareTo);
    }

    /**
     * The severity this report has at {@code instant} if nothing succeeds meanwhile: the worst
     * {@link DatasetVerdict#severityAt(Instant)} of its verdicts ({@link Severity#WARNING} when unreadable). An
     * instant before {@link #at()} gives this report's severity.
     */
    public Severity severityAt(Instant instant) {
        Checks.notNull(instant, "instant");
        if (readFailure != null) {
            return Severity.WARNING;
        }
        return verdicts.stream().map(verdict -> verdict.severityAt(instant)).reduce(Severity.OK, Severity::worst);
    }

    /**
     * The verdict whose change comes first, if nothing succeeds meanwhile, and the severity it brings to the
     * report: the earliest {@link DatasetVerdict#warningAfter()} while the report is fresh, the earliest
     * {@link DatasetVerdict#criticalAfter()} while it is at warning; the first in the page's order on a tie.
     * Empty when the report is critical, unreadable, or nothing will change by age alone.
     */
    Optional<DatasetVerdict> nextChange() {
        if (!isReadable() || severity() == Severity.CRITICAL) {
            return Optional.empty();
        }
        boolean fresh = severity() == Severity.OK;
        DatasetVerdict first = null;
        Instant earliest = null;
        for (DatasetVerdict verdict : verdicts) {
            Instant change = (fresh ? verdict.warningAfter() : verdict.criticalAfter()).orElse(null);
            if (change != null && (earliest == null || change.isBefore(earliest))) {
                earliest = change;
                first = verdict;
            }
        }
        return Optional.ofNullable(first);
    }

    /** One sentence per dataset, fresh ones included, in English; see {@link ReportFormatter#sentences}. */
    public List<String> sentences() {
        return ReportFormatter.english().sentences(this);
    }

    /** One sentence per dataset, fresh ones included, in {@code locale}; see {@link ReportFormatter#sentences}. */
    public List<String> sentences(Locale locale) {
        return ReportFormatter.of(locale).sentences(this);
    }

    /** The banner in English; see {@link ReportFormatter#banner(FreshnessReport)}. */
    public String banner() {
        return ReportFormatter.english().banner(this);
    }

    /** The banner in {@code locale}; see {@link ReportFormatter#banner(FreshnessReport)}. */
    public String banner(Locale locale) {
        return ReportFormatter.of(locale).banner(this);
    }

    /**
     * Equal when of the same scope, page and instant with equal verdicts, both readable, or both unreadable
     * because of the same exception.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof FreshnessReport report && report.scope.equals(scope) && report.page.equals(page)
                && report.at.equals(at) && report.verdicts.equals(verdicts) && report.readFailure == readFailure
                && report.possiblyBehind == possiblyBehind;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(scope, page, at, verdicts);
    }

    @Override
    public String toString() {
        return "FreshnessReport{" + page.key() + " for " + scope + " at " + at + ": " + severity()
                + (readFailure == null ? "" : " (unreadable: " + readFailure.getMessage() + ")")
                + (possiblyBehind ? " (possibly behind)" : "") + '}';
    }
}
