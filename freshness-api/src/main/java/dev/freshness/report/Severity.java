package dev.freshness.report;

/** How bad a verdict is, from {@link #OK} to {@link #CRITICAL}; the natural order goes from better to worse. */
public enum Severity {
    /** Nothing to show. */
    OK,
    /** Show a warning: the data is older than the page would like. */
    WARNING,
    /** Show an error: the data is too old to trust, or there is none. */
    CRITICAL;

    /** True when this is at least as bad as {@code other}. */
    public boolean isAtLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /** The worse of this and {@code other}. */
    public Severity worst(Severity other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
