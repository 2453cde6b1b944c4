package dev.freshness.report;

import dev.freshness.internal.Checks;

import java.util.List;
import java.util.Optional;

/**
 * One page of the scopes whose report for a page is at warning or worse: worst severity first, then by scope
 * key ({@link dev.freshness.core.Scope#key()}, in {@link String#compareTo} order, so the global scope, keyed
 * {@code *}, comes before tenants whose ids start with a letter or digit).
 *
 * @param reports the full report of each scope on this page
 * @param next where the next page starts; null on the last page
 */
public record StaleScopesPage(List<FreshnessReport> reports, Cursor next) {

    /** Copies the reports. */
    public StaleScopesPage {
        reports = List.copyOf(Checks.notNull(reports, "reports"));
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

    /** The cursor of the next page; empty on the last page. */
    public Optional<Cursor> nextPage() {
        return Optional.ofNullable(next);
    }
}
