package dev.freshness.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.util.List;

/**
 * Prefixes every failure of the contract with the name of the store's test class. Every store's results are
 * reported under the contract's nested class names, so without it a module that runs the contract for several
 * stores (H2, PostgreSQL, ...) could not tell which one failed.
 */
final class NameTheStoreOnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw named(context, thrown);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        throw named(context, thrown);
    }

    private static Throwable named(ExtensionContext context, Throwable thrown) {
        List<Object> instances = context.getRequiredTestInstances().getAllInstances();
        String storeTest = instances.get(0).getClass().getName();
        return new AssertionError("[" + storeTest + "] " + thrown, thrown);
    }
}
