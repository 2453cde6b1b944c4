package dev.freshness.monitor.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of the monitor's reports: it stands at the instant of the run in progress, so that one run judges
 * every page at the same instant, the one the caller passed to {@code runOnce(now)}.
 */
public final class EvaluationClock extends Clock {

    private volatile Instant now = Instant.EPOCH;

    /** Makes the clock stand at {@code instant}. */
    public void set(Instant instant) {
        this.now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }
}
