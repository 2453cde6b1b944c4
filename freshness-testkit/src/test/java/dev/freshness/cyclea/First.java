package dev.freshness.cyclea;

import dev.freshness.cycleb.Second;

/** A fixture: half of a package cycle that the architecture rules must report. */
public class First {
    Second second;
}
