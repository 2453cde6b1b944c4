package dev.freshness.report.internal;

import dev.freshness.core.StoreException;

import java.util.function.Supplier;

/** Calls a store so that whatever it throws comes out as one type: {@link StoreException}. */
public final class StoreReads {

    private StoreReads() {
    }

    /**
     * Runs {@code storeCall}; a {@link StoreException} passes through, any other runtime exception becomes the
     * cause of one that says "could not" + {@code action}.
     *
     * @param action what was being done, such as {@code "read the statuses of tenant:acme"}
     */
    public static <T> T call(Supplier<String> action, Supplier<T> storeCall) {
        try {
            return storeCall.get();
        } catch (StoreException failure) {
            throw failure;
        } catch (RuntimeException failure) {
            throw new StoreException("could not " + action.get() + ": " + failure, failure);
        }
    }
}
