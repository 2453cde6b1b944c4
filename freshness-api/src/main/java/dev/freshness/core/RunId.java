package dev.freshness.core;

import dev.freshness.internal.Checks;

import java.security.SecureRandom;
import java.time.Instant;
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

    /** The latest millisecond a version 7 UUID holds (48 bits). */
    private static final long MAX_UUID_MILLIS = (1L << 48) - 1;
    private static final SecureRandom RANDOM = new SecureRandom();

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

    /** A new random run id: a time-ordered UUID (version 7) of now, as {@link #timeOrdered(Instant)} makes. */
    public static RunId random() {
        return timeOrdered(Instant.now());
    }

    /**
     * A new random run id for a run that starts at {@code startedAt}: a UUID of version 7 (RFC 9562), whose first
     * 48 bits are {@code startedAt} in milliseconds since the epoch and whose other 74 bits are random. Ids of
     * runs that start later sort after, as text too; the library makes the run ids it is not given this way, from
     * its clock. Instants before the epoch count as the epoch.
     *
     * @throws NullPointerException if {@code startedAt} is null
     */
    public static RunId timeOrdered(Instant startedAt) {
        Checks.notNull(startedAt, "startedAt");
        long millis = startedAt.isBefore(Instant.EPOCH) ? 0 : Math.min(startedAt.toEpochMilli(), MAX_UUID_MILLIS);
        long randomHigh = RANDOM.nextLong();
        long randomLow = RANDOM.nextLong();
        long most = (millis << 16) | 0x7000L | (randomHigh & 0x0fffL);
        long least = (randomLow & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new RunId(new UUID(most, least).toString());
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
