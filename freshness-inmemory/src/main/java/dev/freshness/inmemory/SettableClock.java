package dev.freshness.inmemory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock your tests move by hand: set it, advance it, and every component that was given it sees the new
 * time at once. Thread-safe.
 *
 * <pre>{@code
 * SettableClock clock = SettableClock.at(Instant.parse("2026-01-05T09:00:00Z"));
 * clock.advance(Duration.ofHours(49));
 * }</pre>
 */
public final class SettableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private SettableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock standing at {@code instant}, in UTC. */
    public static SettableClock at(Instant instant) {
        return new SettableClock(new AtomicReference<>(Objects.requireNonNull(instant, "instant must not be null")),
                ZoneOffset.UTC);
    }

    /** Moves the clock to {@code instant} (backwards too: a test may need a skewed clock). */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant must not be null"));
    }

    /**
     * Moves the clock forward by {@code duration}.
     *
     * @return the new time
     * @throws IllegalArgumentException if {@code duration} is negative; use {@link #set} to go back
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration must not be null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        return now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that shares this clock's time: moving either moves both. */
    @Override
    public Clock withZone(ZoneId otherZone) {
        return new SettableClock(now, Objects.requireNonNull(otherZone, "zone must not be null"));
    }

    @Override
    public String toString() {
        return "SettableClock[" + now.get() + "," + zone + "]";
    }
}
