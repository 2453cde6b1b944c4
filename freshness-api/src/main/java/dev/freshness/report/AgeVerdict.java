package dev.freshness.report;

/**
 * How old a dataset is against what a page needs, at one instant. With {@code age} the time since the last
 * refresh: {@code age <= warnAfter} is {@link #FRESH}, {@code warnAfter < age <= errorAfter} is {@link #STALE},
 * {@code age > errorAfter} is {@link #EXPIRED}; with no success ever, {@link #NEVER_SUCCEEDED}.
 */
public enum AgeVerdict {
    /** Refreshed within {@code warnAfter}. */
    FRESH(Severity.OK),
    /** Older than {@code warnAfter}, and not older than {@code errorAfter} when there is one. */
    STALE(Severity.WARNING),
    /** Older than {@code errorAfter}. */
    EXPIRED(Severity.CRITICAL),
    /** Never refreshed in this scope (or, when empty refreshes are ignored, never with records). */
    NEVER_SUCCEEDED(Severity.CRITICAL);

    private final Severity severity;

    AgeVerdict(Severity severity) {
        this.severity = severity;
    }

    /** FRESH is OK, STALE a WARNING, EXPIRED and NEVER_SUCCEEDED are CRITICAL. */
    public Severity severity() {
        return severity;
    }
}
