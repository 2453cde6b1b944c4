package dev.freshness.core;

import dev.freshness.internal.Checks;

import java.util.UUID;

/**
 * Identifies one run of one job. Supply the scheduler's own id with {@link #of(String)} so that the tracked
 * runs can be found next to the scheduler's logs, or let the library {@linkplain #random() generate} one.
 *
 * <p>A run id is 1 to {@value #MAX_LENGTH} printable ASCII characters (spaces allowed inside, not at either
 * end). Keeping run ids to ASCII makes their order the same in Java and in every database's binary collation,
 * which the merge rules rely on to break ties.
 */
public final class RunId implements Comparable<RunId> {

    /** The longest run id accepted. */
    public static final int MAX_LENGTH = 200;

    private final String value;

    private RunId(String value) {
        this.value = value;
    }

    /**
     * Returns the run id {@code value}.
     *
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is blank, too long, starts or ends with a space or
     *     has a character outside printable ASCII
     */
    public static RunId of(String value) {
        Checks.notBlank(value, "runId");
        Checks.maxLength(value, MAX_LENGTH, "runId");
        if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            throw new IllegalArgumentException("runId " + Checks.quote(value) + " must not start or end with a space");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("runId " + Checks.quote(value) + " has "
                        + Checks.describe(value.codePointAt(i)) + " at index " + i
                        + "; a run id is printable ASCII");
            }
        }
        return new RunId(value);
    }

    /** A new random run id (a UUID). */
    public static RunId random() {
        return new RunId(UUID.randomUUID().toString());
    }

    /** The run id as text. */
    public String value() {
        return value;
    }

    @Override
    public int compareTo(RunId other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RunId id && id.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
