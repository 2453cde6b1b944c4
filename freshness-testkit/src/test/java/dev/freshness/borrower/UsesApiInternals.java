package dev.freshness.borrower;

import dev.freshness.internal.Checks;

/** A fixture: a class outside the API module that uses the API's internal package. */
public class UsesApiInternals {
    public String check(String value) {
        return Checks.notNull(value, "value");
    }
}
