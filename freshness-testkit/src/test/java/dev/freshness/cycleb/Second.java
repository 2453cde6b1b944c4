package dev.freshness.cycleb;

import dev.freshness.cyclea.First;

/** A fixture: the other half of a package cycle that the architecture rules must report. */
public class Second {
    First first;
}
