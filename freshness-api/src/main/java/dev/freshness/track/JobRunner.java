package dev.freshness.track;

import dev.freshness.core.RunId;

/**
 * One named job whose run may refresh several datasets and scopes, each step with its own start and outcome,
 * all under one run id. Obtained from {@link dev.freshness.DatasetFreshness#job(String)}.
 *
 * <pre>{@code
 * freshness.job("meta_sync").runId(RunId.of(schedulerRunId)).run(run -> {
 *     run.track(scope, "meta_ads_performance").run(step -> step.recordsAffected(syncInsights()));
 *     run.track(scope, "ad_thumbnails").recordsFrom(List<?>::size).call(() -> fetchThumbnails());
 *     run.track(scope, "ad_assets").run(step -> step.recordsAffected(downloadAssets()));
 * });
 * }</pre>
 *
 * <p>The body's value and exception pass through as themselves, as with {@link TrackedJob}. A step that fails
 * records its own failure; steps that finished before keep their success. Immutable.
 */
public interface JobRunner {

    /** The same job, run under {@code runId} instead of a generated one. */
    JobRunner runId(RunId runId);

    /** Runs {@code body} now as one run and returns its value; its exception passes through as itself. */
    <T, X extends Exception> T call(ThrowingFunction<Run, T, X> body) throws X;

    /** Runs {@code body} now as one run; its exception passes through as itself. */
    <X extends Exception> void run(ThrowingConsumer<Run, X> body) throws X;
}
