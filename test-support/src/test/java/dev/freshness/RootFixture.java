package dev.freshness;

import dev.freshness.fixture.borrower.UsesInternals;

/** A fixture: a class of the root package that a sub-package depends on, and that depends back on it. */
public class RootFixture {
    UsesInternals below;
}
