package dev.freshness.track;

import dev.freshness.core.RunId;

import java.util.function.ToLongFunction;

/**
 * A job that refreshes one dataset for one scope, tracked: run it now, decorate it, or start a
 * {@link RunHandle} for code that cannot be put in a lambda. Obtained from
 * {@link dev.freshness.DatasetFreshness#track}.
 *
 * <pre>{@code
 * freshness.track(scope, "ad_creations").call(() -> createAds(product));
 * freshness.track(scope, "scorecard").recordsFrom(List<?>::size).call(() -> analyse(scope));
 * freshness.track(scope, "templates_scraped").job("template_scrape").runId(RunId.of(schedulerRunId))
 *          .run(run -> run.recordsAffected(scrapeTemplates()));
 * Callable<Report> tracked = freshness.track(scope, "scorecard").decorateCallable(this::analyse);
 * }</pre>
 *
 * <p><b>What tracking guarantees.</b> The wrapped call returns the job's own value and throws the job's own
 * exception instance, checked exceptions included. An {@link Error} is recorded as a failure and rethrown. The
 * thread's interrupt flag is left as the job left it. Recording the failure never replaces the job's exception.
 * A store that fails is handled by the instance's {@link StoreFailurePolicy}; a store that may block is given
 * at most the instance's store timeout per job outcome, so a hanging store never holds the job longer than
 * that (see {@link dev.freshness.DatasetFreshness.Builder#withStoreTimeout}).
 *
 * <p><b>Records affected</b> come from the result ({@link #recordsFrom}), from the job through its
 * {@link RunContext} (which wins when both are given), or are 0.
 *
 * <p><b>Guards.</b> A job tracked for no scope (null or an empty {@code Optional}) or whose
 * {@link #onlyIf} condition is false runs as it is and records nothing; a debug message says why.
 *
 * <p>Instances are immutable: configuration methods return a new instance; a decorated function may be
 * called from many threads.
 */
public interface TrackedJob extends TrackedCall<Object> {

    @Override
    TrackedJob job(String jobName);

    @Override
    TrackedJob runId(RunId runId);

    @Override
    TrackedJob onlyIf(boolean condition);

    /**
     * The same job, counting the records affected from its result. With a method reference on a generic
     * type, name the type: {@code recordsFrom(List<?>::size)}. A counter that throws or returns a negative
     * number is logged at WARN and 0 is recorded; the job's result is returned all the same.
     *
     * @param <T> the result type the counter accepts
     */
    <T> TrackedCall<T> recordsFrom(ToLongFunction<? super T> counter);

    /** Runs {@code job} now; its exception passes through as itself. */
    <X extends Exception> void run(ThrowingRunnable<X> job) throws X;

    /**
     * Runs {@code job} now with its {@link RunContext}, through which it may report the records it affected;
     * its exception passes through as itself.
     */
    <X extends Exception> void run(ThrowingConsumer<RunContext, X> job) throws X;

    /** {@code job} wrapped so that each of its invocations is tracked like {@link #run(ThrowingRunnable)}. */
    Runnable decorateRunnable(Runnable job);

    /**
     * Records the start now and returns a handle on which to report the outcome, for code that cannot be put
     * in a lambda. Use it in try-with-resources: a handle closed with no outcome records a failure saying so.
     */
    RunHandle start();
}
