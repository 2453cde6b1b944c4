package dev.freshness.report;

import dev.freshness.internal.Checks;

import java.util.List;
import java.util.Optional;

/**
 * One page of the scopes whose report for a page is at warning or worse: worst severity first, then by scope
 * key ({@link dev.freshness.core.Scope#key()}, in {@link String#compareTo} order, so the global scope, keyed
 * {@code *}, comes before tenants whose ids start with a letter or digit).
 * Immutable.
 */
public final class StaleScopesPage {

    private final List<FreshnessReport> reports;
    private final Cursor next;

    private StaleScopesPage(List<FreshnessReport> reports, Cursor next) {
        this.reports = List.copyOf(Checks.notNull(reports, "reports"));
        this.next = next;
    }

    /**
     * A page of {@code reports}, followed by another that starts after {@code next}.
     *
     * @param next where the next page starts; null on the last page
     */
    public static StaleScopesPage of(List<FreshnessReport> reports, Cursor next) {
        return new StaleScopesPage(reports, next);
    }

    /** The full report of each scope on this page, worst first. */
    public List<FreshnessReport> reports() {
        return reports;
    }

    /**
     * Where a page ended: its last scope's severity and key. The next page starts after it, so a scope whose
     * severity changes between two calls may be seen twice or not at all.
     *
     * @param severity the severity of the last report of the page
     * @param scopeKey the {@link dev.freshness.core.Scope#key()} of the last report of the page
     */
    public record Cursor(Severity severity, String scopeKey) {

        /** Both components are required. */
        public Cursor {
            Checks.notNull(severity, "severity");
            Checks.notNull(scopeKey, "scopeKey");
        }

        /** True when a report of {@code otherSeverity} for {@code otherScopeKey} comes after this cursor. */
        public boolean isBefore(Severity otherSeverity, String otherScopeKey) {
            int bySeverity = severity.compareTo(otherSeverity);
            return bySeverity > 0 || (bySeverity == 0 && scopeKey.compareTo(otherScopeKey) < 0);
        }
    }

    /** Where the next page starts, to pass to {@code staleScopes(page, cursor, limit)}; empty on the last page. */
    public Optional<Cursor> nextPage() {
        return Optional.ofNullable(next);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StaleScopesPage page && page.reports.equals(reports)
                && java.util.Objects.equals(page.next, next);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(reports, next);
    }

    @Override
    public String toString() {
        return "StaleScopesPage{" + reports.size() + " reports" + (next == null ? "" : ", more after " + next) + '}';
    }
}
