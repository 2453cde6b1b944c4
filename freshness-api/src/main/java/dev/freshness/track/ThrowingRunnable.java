package dev.freshness.track;

/**
 * A job that returns nothing and may throw a checked exception of type {@code X}, which a tracked run lets
 * through as itself.
 *
 * @param <X> the checked exception it may throw ({@link RuntimeException} when none)
 */
@FunctionalInterface
public interface ThrowingRunnable<X extends Exception> {

    /** Runs the job. */
    void run() throws X;
}
