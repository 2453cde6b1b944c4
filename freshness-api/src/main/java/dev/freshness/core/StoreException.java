package dev.freshness.core;

/**
 * The store could not do what it was asked: the database is down or unreachable, a statement failed or timed
 * out. Its {@linkplain #getCause() cause} is the store's own exception (for the JDBC store, a Jdbi exception
 * with the driver's {@code SQLException} below it), so that nothing of a store's types leaks into the
 * signatures of the code that catches it.
 *
 * <p>Every read of {@code DatasetFreshness} throws it when the store fails, whatever the store; the tracked-job
 * wrapper never throws it at a job unless the strict store failure policy asks for it.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A store failure.
     *
     * @param message what could not be done, such as {@code "could not read the statuses of tenant:acme"}
     * @param cause the store's own exception
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
