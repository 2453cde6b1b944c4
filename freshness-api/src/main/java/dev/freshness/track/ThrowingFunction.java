package dev.freshness.track;

/**
 * A job that takes an argument (its {@link RunContext} or its {@link Run}), returns a value and may throw a
 * checked exception of type {@code X}, which a tracked call lets through as itself.
 *
 * @param <A> what the job is given
 * @param <T> what the job returns
 * @param <X> the checked exception it may throw ({@link RuntimeException} when none)
 */
@FunctionalInterface
public interface ThrowingFunction<A, T, X extends Exception> {

    /** Runs the job with {@code argument}. */
    T apply(A argument) throws X;
}
