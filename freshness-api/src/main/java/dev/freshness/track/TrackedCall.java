package dev.freshness.track;

import dev.freshness.core.RunId;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A job for one (scope, dataset) whose result is a {@code T}, ready to be run now or decorated. Obtained from
 * {@link TrackedJob#recordsFrom}, which says how to count the records the result affected; a plain
 * {@link TrackedJob} is a {@code TrackedCall<Object>} that counts nothing unless the job reports it through
 * its {@link RunContext}.
 *
 * <p>Every form records the run's start before the job, and its success (with the records affected) or its
 * failure (with the job's exception) after it. Every form returns the job's own value and throws the job's own
 * exception instance, checked ones included; recording never changes that (see {@link TrackedJob} for the
 * exact guarantees). Instances are immutable: configuration methods return a new instance.
 *
 * @param <T> the type of results the record counter accepts
 */
public interface TrackedCall<T> {

    /** The same job, recorded under job name {@code jobName} (letters, digits, {@code _ . -}). */
    TrackedCall<T> job(String jobName);

    /**
     * The same job, recorded under {@code runId} (the scheduler's own id, say) instead of a generated one.
     * A decorated function then records every invocation under this same run id.
     */
    TrackedCall<T> runId(RunId runId);

    /** The same job, recorded only when {@code condition} holds; otherwise it runs untracked (debug log). */
    TrackedCall<T> onlyIf(boolean condition);

    /** Runs {@code job} now and returns its value; its exception passes through as itself. */
    <R extends T, X extends Exception> R call(ThrowingSupplier<R, X> job) throws X;

    /**
     * Runs {@code job} now with its {@link RunContext}, through which it may report the records it affected,
     * and returns its value; its exception passes through as itself.
     */
    <R extends T, X extends Exception> R call(ThrowingFunction<RunContext, R, X> job) throws X;

    /**
     * Runs {@code job} now, which starts asynchronous work, and records the run when the returned stage
     * completes, not when it is returned. The future returned here completes after the outcome is recorded,
     * with the job's own value or exception (exactly as the job's stage reports it: the JDK's own
     * {@code CompletionException} wrapping is neither added nor removed). When the job throws instead of
     * returning a stage, the failure is recorded and the exception thrown as itself. A job that returns
     * {@code null} is recorded as failed and {@code null} is returned. Cancelling the returned future does not
     * cancel the job's stage.
     */
    <R extends T, X extends Exception> CompletableFuture<R> callAsync(
            ThrowingSupplier<? extends CompletionStage<R>, X> job) throws X;

    /** {@code job} wrapped so that each of its invocations is tracked like {@link #call(ThrowingSupplier)}. */
    <R extends T, X extends Exception> ThrowingSupplier<R, X> decorate(ThrowingSupplier<R, X> job);

    /** {@code job} wrapped so that each of its invocations is tracked like {@link #call(ThrowingSupplier)}. */
    <R extends T> Supplier<R> decorateSupplier(Supplier<R> job);

    /** {@code job} wrapped so that each of its invocations is tracked like {@link #call(ThrowingSupplier)}. */
    <R extends T> Callable<R> decorateCallable(Callable<R> job);

    /** {@code job} wrapped so that each of its invocations is tracked like {@link #callAsync}. */
    <R extends T> Supplier<CompletableFuture<R>> decorateCompletionStage(Supplier<? extends CompletionStage<R>> job);
}
