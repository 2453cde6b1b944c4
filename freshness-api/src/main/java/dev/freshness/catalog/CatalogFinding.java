package dev.freshness.catalog;

/**
 * Something in a catalog that is allowed but probably not intended, such as a dataset that a page needs and
 * that no job produces. {@link Catalog#findings()} lists them; an application may log them at start-up or
 * fail a test on them. Findings that need run history (a requirement tighter than its dataset's rhythm) come
 * from {@code RefreshRhythms.findings()} in {@code dev.freshness.rhythm}.
 *
 * @param kind what is odd
 * @param subject the dataset key, job name or page key concerned
 * @param message one sentence saying so
 */
public record CatalogFinding(Kind kind, String subject, String message) {

    /** The kinds of finding. */
    public enum Kind {
        /** A dataset no job produces: whatever page needs it will never be fresh. */
        DATASET_NOT_PRODUCED,
        /** A dataset no page needs: nobody is warned when it goes stale. */
        DATASET_NOT_CONSUMED,
        /** A page that needs no dataset (yet). */
        PAGE_NEEDS_NOTHING,
        /** A job that produces no dataset (yet). */
        JOB_PRODUCES_NOTHING,
        /**
         * A page needs a dataset fresher than the dataset's observed rhythm: the 95th percentile of the intervals
         * between its successes is longer than the page's {@code warnAfter}, so the page will often see it stale.
         * Found from run history by {@code RefreshRhythms.findings()}, never by {@link Catalog#findings()}.
         */
        REQUIREMENT_TIGHTER_THAN_RHYTHM
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
