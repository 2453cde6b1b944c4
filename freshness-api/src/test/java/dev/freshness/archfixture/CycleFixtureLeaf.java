package dev.freshness.archfixture;

import dev.freshness.CycleFixtureRoot;

/**
 * The other half of the deliberate cycle of {@link CycleFixtureRoot}: a package below the root that depends on
 * the root.
 */
public final class CycleFixtureLeaf {

    private CycleFixtureLeaf() {
    }

    /** Depends on the root package. */
    public static String root() {
        return CycleFixtureRoot.name();
    }

    /** What the other half calls. */
    public static String name() {
        return "leaf";
    }
}
