package dev.freshness.track;

/**
 * A job that returns a value and may throw a checked exception of type {@code X}, which a tracked call lets
 * through as itself.
 *
 * @param <T> what the job returns
 * @param <X> the checked exception it may throw ({@link RuntimeException} when none)
 */
@FunctionalInterface
public interface ThrowingSupplier<T, X extends Exception> {

    /** Runs the job. */
    T get() throws X;
}
