package dev.freshness.archfixture;

import dev.freshness.ApiArchitectureTest;

/**
 * Half of a deliberate cycle with the root package, used only to prove that the cycle rule of
 * {@link ApiArchitectureTest} sees the root package.
 */
public final class LeafSide {

    private LeafSide() {
    }

    /** Depends on the root package. */
    public static Object rootSide() {
        return new ApiArchitectureTest.RootSide();
    }
}
