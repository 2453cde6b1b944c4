package dev.freshness.track.internal;

import dev.freshness.internal.Checks;
import dev.freshness.core.DatasetKey;
import dev.freshness.core.JobError;
import dev.freshness.core.RunId;
import dev.freshness.core.Scope;
import dev.freshness.track.internal.Tracking.WaitBudget;
import dev.freshness.track.RunContext;
import dev.freshness.track.RunHandle;
import dev.freshness.track.ThrowingConsumer;
import dev.freshness.track.ThrowingFunction;
import dev.freshness.track.ThrowingRunnable;
import dev.freshness.track.ThrowingSupplier;
import dev.freshness.track.TrackedCall;
import dev.freshness.track.TrackedJob;
import dev.freshness.track.UntrackedRun;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The one implementation of {@link TrackedJob} and, with a record counter, of {@link TrackedCall}: every form
 * ends in {@link #execute} or {@link #executeAsync}, so every form records the same events.
 */
final class DefaultTrackedJob implements TrackedJob {

    private final Tracking tracking;
    private final Scope scope;
    private final DatasetKey dataset;
    private final String jobName;
    private final RunId runId;
    private final String skipReason;
    private final boolean warnWhenSkipped;
    private final ToLongFunction<Object> counter;
    private final WaitBudget runBudget;

    private DefaultTrackedJob(Tracking tracking, Scope scope, DatasetKey dataset, String jobName, RunId runId,
                              String skipReason, boolean warnWhenSkipped, ToLongFunction<Object> counter,
                              WaitBudget runBudget) {
        this.tracking = tracking;
        this.scope = scope;
        this.dataset = dataset;
        this.jobName = jobName;
        this.runId = runId;
        this.skipReason = skipReason;
        this.warnWhenSkipped = warnWhenSkipped;
        this.counter = counter;
        this.runBudget = runBudget;
    }

    /**
     * A job for {@code dataset} in {@code scope}; untracked when the scope is null, with a rate-limited warning
     * when {@code warnWhenNoScope} (a null scope is more often a bug than a choice).
     */
    static DefaultTrackedJob of(Tracking tracking, Scope scope, DatasetKey dataset, boolean warnWhenNoScope) {
        return new DefaultTrackedJob(tracking, scope, dataset, null, null, scope == null ? "no scope is known" : null,
                scope == null && warnWhenNoScope, null, null);
    }

    /** The same job as a step of a run: its store waits are spent from the run's budget. */
    DefaultTrackedJob inRun(RunId id, String name, WaitBudget budget) {
        return new DefaultTrackedJob(tracking, scope, dataset, name, id, skipReason, warnWhenSkipped, counter, budget);
    }

    // ---- configuration --------------------------------------------------------------------------------------

    @Override
    public TrackedJob job(String name) {
        return new DefaultTrackedJob(tracking, scope, dataset, JobNames.check(name), runId, skipReason, warnWhenSkipped,
                counter, runBudget);
    }

    @Override
    public TrackedJob runId(RunId id) {
        return new DefaultTrackedJob(tracking, scope, dataset, jobName, Checks.notNull(id, "runId"), skipReason,
                warnWhenSkipped, counter, runBudget);
    }

    @Override
    public TrackedJob onlyIf(boolean condition) {
        String reason = skipReason != null || condition ? skipReason : "its onlyIf condition is false";
        return new DefaultTrackedJob(tracking, scope, dataset, jobName, runId, reason, warnWhenSkipped, counter, runBudget);
    }

    // A counter is kept untyped: the TrackedCall<T> view only ever hands it results of type T.
    @Override
    @SuppressWarnings("unchecked")
    public <T> TrackedCall<T> recordsFrom(ToLongFunction<? super T> recordCounter) {
        Checks.notNull(recordCounter, "counter");
        return (TrackedCall<T>) (TrackedCall<?>) new DefaultTrackedJob(tracking, scope, dataset, jobName, runId,
                skipReason, warnWhenSkipped, (ToLongFunction<Object>) recordCounter, runBudget);
    }

    // ---- run now ------------------------------------------------------------------------------------------

    @Override
    public <R, X extends Exception> R call(ThrowingSupplier<R, X> job) throws X {
        Checks.notNull(job, "job");
        return execute(context -> job.get());
    }

    @Override
    public <R, X extends Exception> R call(ThrowingFunction<RunContext, R, X> job) throws X {
        return execute(Checks.notNull(job, "job"));
    }

    @Override
    public <X extends Exception> void run(ThrowingRunnable<X> job) throws X {
        Checks.notNull(job, "job");
        execute(context -> {
            job.run();
            return null;
        });
    }

    @Override
    public <X extends Exception> void run(ThrowingConsumer<RunContext, X> job) throws X {
        Checks.notNull(job, "job");
        execute(context -> {
            job.accept(context);
            return null;
        });
    }

    @Override
    public <R, X extends Exception> CompletableFuture<R> callAsync(ThrowingSupplier<? extends CompletionStage<R>, X> job)
            throws X {
        return executeAsync(Checks.notNull(job, "job"));
    }

    // ---- decorate -----------------------------------------------------------------------------------------

    @Override
    public <R, X extends Exception> ThrowingSupplier<R, X> decorate(ThrowingSupplier<R, X> job) {
        Checks.notNull(job, "job");
        return () -> execute(context -> job.get());
    }

    @Override
    public <R> Supplier<R> decorateSupplier(Supplier<R> job) {
        Checks.notNull(job, "job");
        return () -> execute(context -> job.get());
    }

    @Override
    public <R> Callable<R> decorateCallable(Callable<R> job) {
        Checks.notNull(job, "job");
        return () -> execute(context -> job.call());
    }

    @Override
    public Runnable decorateRunnable(Runnable job) {
        Checks.notNull(job, "job");
        return () -> execute(context -> {
            job.run();
            return null;
        });
    }

    @Override
    public <R> Supplier<CompletableFuture<R>> decorateCompletionStage(Supplier<? extends CompletionStage<R>> job) {
        Checks.notNull(job, "job");
        return () -> executeAsync(job::get);
    }

    @Override
    public RunHandle start() {
        if (skipReason != null) {
            logSkipped();
            return new DefaultRunHandle(tracking, null, runIdOrNew());
        }
        RunRecorder recorder = tracking.recorder(scope, dataset, runIdOrNew(), jobName, budget());
        recorder.start();
        return new DefaultRunHandle(tracking, recorder, recorder.runId());
    }

    // ---- the one path every form takes ---------------------------------------------------------------------

    // Kept small so that it inlines into the caller's call site, where this job then needs no object of its own:
    // the run's work is in RunRecorder.call.
    private <R, X extends Exception> R execute(ThrowingFunction<RunContext, R, X> job) throws X {
        if (skipReason != null) {
            return callUntracked(job);
        }
        return tracking.recorder(scope, dataset, runIdOrNew(), jobName, budget()).call(job, counter);
    }

    private <R, X extends Exception> R callUntracked(ThrowingFunction<RunContext, R, X> job) throws X {
        logSkipped();
        return job.apply(new DefaultRunContext(scope, dataset, runIdOrNew(), jobName, false));
    }

    private <R, X extends Exception> CompletableFuture<R> executeAsync(
            ThrowingSupplier<? extends CompletionStage<R>, X> job) throws X {
        if (skipReason != null) {
            logSkipped();
            CompletionStage<R> stage = job.get();
            return stage == null ? null : relay(stage);
        }
        RunRecorder recorder = tracking.recorder(scope, dataset, runIdOrNew(), jobName, budget());
        recorder.start();
        CompletionStage<R> stage;
        try {
            stage = job.get();
        } catch (Throwable failure) {
            recorder.recordFailure(failure);
            throw failure;
        }
        if (stage == null) {
            tracking.await(recorder.fail(JobError.of(NullPointerException.class.getName(),
                    "the job returned null instead of a CompletionStage", null)), recorder.budget());
            return null;
        }
        CompletableFuture<R> result = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            Throwable completion = error;
            try {
                if (error == null) {
                    completion = recorder.recordSuccess(value, counter);
                } else {
                    recorder.recordFailure(ownException(error));
                }
            } finally {
                if (completion == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(completion);
                }
            }
        });
        return result;
    }

    /**
     * The job's own exception: the JDK wraps a stage's exception in a {@link CompletionException} on its way
     * through dependent stages, so the cause is the job's.
     */
    private static Throwable ownException(Throwable stageError) {
        return stageError instanceof CompletionException && stageError.getCause() != null
                ? stageError.getCause() : stageError;
    }

    private static <R> CompletableFuture<R> relay(CompletionStage<R> stage) {
        CompletableFuture<R> result = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    private WaitBudget budget() {
        return runBudget != null ? runBudget : tracking.newBudget();
    }

    private RunId runIdOrNew() {
        return runId != null ? runId : tracking.newRunId(tracking.nowIfReadable());
    }

    private void logSkipped() {
        tracking.untracked(dataset, jobName, warnWhenSkipped ? UntrackedRun.Reason.NULL_SCOPE
                : scope == null ? UntrackedRun.Reason.NO_SCOPE : UntrackedRun.Reason.CONDITION_FALSE);
        if (warnWhenSkipped) {
            tracking.warnNullScope(dataset);
        } else if (Tracking.LOG.isDebugEnabled()) {
            Tracking.LOG.debug("Running {} untracked: {}", dataset, skipReason);
        }
    }
}
