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
     * Rejects it as bad input: {@code track(...)} and the explicit recording methods throw an
     * {@link IllegalArgumentException} naming the closest declared key, before the job runs and before anything
     * is written. Inside the body of a {@code job(...)} run, the call that names the dataset
     * ({@code run.track}, {@code run.touched}, {@code run.succeeded}, {@code run.failed}) throws it where it
     * stands, like any bad argument, after what the body did before it. Meant for tests and development, where a
     * typo should fail loudly; production code is usually better served by {@link #WARN}.
     */
    REJECT
}
