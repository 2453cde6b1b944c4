package dev.freshness;

import dev.freshness.archfixture.CycleFixtureLeaf;

/**
 * The root package's half of a deliberate dependency cycle, used only to prove that the cycle rule of
 * {@link ApiArchitectureTest} sees the root package.
 */
public final class CycleFixtureRoot {

    private CycleFixtureRoot() {
    }

    /** Depends on a package below the root. */
    public static String leaf() {
        return CycleFixtureLeaf.name();
    }

    /** What the other half calls. */
    public static String name() {
        return "root";
    }
}
