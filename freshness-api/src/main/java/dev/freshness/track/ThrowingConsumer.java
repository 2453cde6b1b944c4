package dev.freshness.track;

/**
 * A job that takes an argument (its {@link RunContext} or its {@link Run}), returns nothing and may throw a
 * checked exception of type {@code X}, which a tracked run lets through as itself.
 *
 * @param <A> what the job is given
 * @param <X> the checked exception it may throw ({@link RuntimeException} when none)
 */
@FunctionalInterface
public interface ThrowingConsumer<A, X extends Exception> {

    /** Runs the job with {@code argument}. */
    void accept(A argument) throws X;
}
