package dev.freshness.track;

/**
 * What tracking a dataset that the catalog does not declare does: usually a typo ({@code ad_clasifications}),
 * whose runs no page would ever see.
 */
public enum UndeclaredDatasetPolicy {

    /** Tracks it and says nothing: for applications whose datasets are not all known in advance. */
    ALLOW,

    /**
     * Tracks it, and logs a WARN once per dataset key naming the closest declared key. The default.
     */
    WARN,

    /**
     * Rejects it: {@code track(...)}, {@code job(...).run(run -> run.track(...))} and the explicit recording
     * methods throw an {@link IllegalArgumentException} naming the closest declared key, before the job runs and
     * before anything is written.
     */
    REJECT
}
