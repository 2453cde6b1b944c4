package dev.freshness.core;

import dev.freshness.internal.Checks;

/**
 * The name of a dataset: an output that jobs refresh and pages read, such as {@code ad_classifications}.
 *
 * <p>A key is 1 to {@value #MAX_LENGTH} characters of ASCII letters, digits, {@code _}, {@code .} and
 * {@code -}. Keys are case-sensitive. Anything else is rejected with an {@link IllegalArgumentException} that
 * names the offending character, so a key is always safe to log, to put in a URL and to bind in SQL.
 */
public final class DatasetKey implements Comparable<DatasetKey> {

    /** The longest key accepted. */
    public static final int MAX_LENGTH = 100;

    private final String value;

    private DatasetKey(String value) {
        this.value = value;
    }

    /**
     * Returns the key for {@code value}.
     *
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is blank, too long or has a character outside the
     *     allowed set
     */
    public static DatasetKey of(String value) {
        return new DatasetKey(checkIdentifier(value, "dataset key"));
    }

    /** The key as written. */
    public String value() {
        return value;
    }

    @Override
    public int compareTo(DatasetKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatasetKey key && key.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }

    /** The identifier rule shared by dataset keys and job names. */
    static String checkIdentifier(String value, String parameter) {
        return Checks.identifier(value, MAX_LENGTH, parameter);
    }
}
